package dev.redline.platform.model;

import dev.redline.platform.system.ApiException;
import dev.redline.platform.system.FieldError;
import dev.redline.platform.system.Params;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
class ModelController {

  record ModelPage(List<Model> items, long total, int limit, int offset) {}

  private final ModelRepository repo;

  ModelController(ModelRepository repo) {
    this.repo = repo;
  }

  @GetMapping
  ModelPage list(
      @RequestParam(required = false) String limit, @RequestParam(required = false) String offset) {
    int l = Params.intInRange("limit", limit, 50, 1, 200);
    int o = Params.intInRange("offset", offset, 0, 0, 100_000);
    return new ModelPage(repo.page(l, o), repo.count(), l, o);
  }

  @GetMapping("/{id}")
  Model get(@PathVariable String id) {
    return repo.find(Params.uuid("id", id))
        .orElseThrow(() -> ApiException.notFound("No model " + id));
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Model> create(@RequestBody ModelInput body) {
    List<FieldError> errors = body.validate();
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    Model m = repo.insert(body);
    return ResponseEntity.created(URI.create("/api/v1/models/" + m.id())).body(m);
  }
}
