package dev.redline.platform.session;

import dev.redline.platform.auth.Principal;
import dev.redline.platform.system.Params;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/optimization/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
class SessionController {

  private final SessionService service;

  SessionController(SessionService service) {
    this.service = service;
  }

  @GetMapping
  ResponseEntity<byte[]> list(
      @RequestParam(required = false) List<String> status,
      @RequestParam(name = "model_id", required = false) String modelId,
      @RequestParam(name = "created_after", required = false) String createdAfter,
      @RequestParam(name = "created_before", required = false) String createdBefore,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String offset,
      @RequestParam(required = false) String cursor) {
    SessionQuery q =
        SessionQuery.parse(status, modelId, createdAfter, createdBefore, limit, offset, cursor);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(service.listJson(q));
  }

  @GetMapping("/{id}")
  SessionView get(@PathVariable String id) {
    return service.get(Params.uuid("id", id));
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<SessionView> create(
      @RequestBody SessionInput body, @RequestAttribute(Principal.ATTRIBUTE) Principal principal) {
    SessionView created = service.create(body, principal.userId());
    return ResponseEntity.created(URI.create("/api/v1/optimization/sessions/" + created.id()))
        .body(created);
  }

  @PostMapping("/{id}/cancel")
  SessionView cancel(@PathVariable String id) {
    return service.cancel(Params.uuid("id", id));
  }
}
