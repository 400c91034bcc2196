package dev.redline.platform.config;

import dev.redline.platform.cache.CachedBody;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/config/optimization-criteria")
class CriteriaController {

  private final CriteriaService service;

  CriteriaController(CriteriaService service) {
    this.service = service;
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> get(
      @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
    CachedBody body = service.current();
    if (body.etag().equals(ifNoneMatch)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(body.etag()).build();
    }
    return ResponseEntity.ok()
        .eTag(body.etag())
        .contentType(MediaType.APPLICATION_JSON)
        .body(body.json());
  }

  @PutMapping(
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> put(
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @RequestBody CriteriaInput body) {
    CachedBody saved = service.replace(ifMatch, body);
    return ResponseEntity.ok()
        .eTag(saved.etag())
        .contentType(MediaType.APPLICATION_JSON)
        .body(saved.json());
  }
}
