package dev.redline.platform.session;

import dev.redline.platform.cache.CachedBody;
import dev.redline.platform.cache.ResponseCache;
import dev.redline.platform.config.CriteriaService;
import dev.redline.platform.config.CriteriaValidator;
import dev.redline.platform.config.OptimizationCriteria;
import dev.redline.platform.model.ModelRepository;
import dev.redline.platform.system.ApiException;
import dev.redline.platform.system.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

@Service
public class SessionService {

  private final SessionRepository repo;
  private final ModelRepository models;
  private final CriteriaService criteria;
  private final ResponseCache listCache;
  private final SessionEventPublisher events;
  private final JsonMapper mapper;
  private final CriteriaValidator validator = new CriteriaValidator();

  SessionService(
      SessionRepository repo,
      ModelRepository models,
      CriteriaService criteria,
      @Qualifier("sessionsCache") ResponseCache listCache,
      SessionEventPublisher events,
      JsonMapper mapper) {
    this.repo = repo;
    this.models = models;
    this.criteria = criteria;
    this.listCache = listCache;
    this.events = events;
    this.mapper = mapper;
  }

  /** The serialized page for a query, from the 10 s cache when enabled. */
  public byte[] listJson(SessionQuery q) {
    return listCache
        .get(q.cacheKey(), () -> new CachedBody(mapper.writeValueAsBytes(list(q)), null))
        .json();
  }

  public SessionPage list(SessionQuery q) {
    SessionRepository.Rows page = repo.page(q);
    List<SessionListItem> rows = page.items();
    String next = null;
    if (rows.size() > q.limit()) {
      rows = rows.subList(0, q.limit());
      SessionListItem last = rows.get(rows.size() - 1);
      next = new SessionQuery.Cursor(last.createdAt(), last.id()).encode();
    }
    return new SessionPage(rows, page.total(), q.limit(), q.offset(), next);
  }

  public SessionView get(UUID id) {
    return repo.find(id).orElseThrow(() -> ApiException.notFound("No session " + id));
  }

  public SessionView create(SessionInput in, long userId) {
    List<FieldError> errors = new ArrayList<>(0);
    if (in.modelId() == null) {
      errors.add(new FieldError("model_id", "is required"));
    }
    CriteriaValidator.techniques(errors, "techniques", in.techniques(), true);
    if (in.targetDevice() == null || in.targetDevice().isBlank()) {
      errors.add(new FieldError("target_device", "is required"));
    }
    errors.addAll(validator.validatePartial(in.criteriaOverrides(), "criteria_overrides."));
    if (errors.isEmpty()) {
      OptimizationCriteria doc = criteria.document();
      for (int i = 0; i < in.techniques().size(); i++) {
        if (!doc.allowedTechniques().contains(in.techniques().get(i))) {
          errors.add(
              new FieldError(
                  "techniques[" + i + "]",
                  "'" + in.techniques().get(i) + "' is not allowed by the optimization criteria"));
        }
      }
      if (!doc.targetDevices().contains(in.targetDevice())) {
        errors.add(
            new FieldError(
                "target_device",
                "'" + in.targetDevice() + "' is not one of " + doc.targetDevices()));
      }
      // The model is checked here only to name every mistake at once; a valid request leaves
      // it to the insert (the foreign key), one round trip instead of two.
      if (!errors.isEmpty() && models.find(in.modelId()).isEmpty()) {
        errors.add(unknownModel(in.modelId()));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    UUID id = UUID.randomUUID();
    String overrides =
        in.criteriaOverrides() == null ? null : mapper.writeValueAsString(in.criteriaOverrides());
    SessionView created =
        repo.insert(id, in.modelId(), in.techniques(), in.targetDevice(), overrides, userId)
            .orElseThrow(() -> ApiException.invalid(List.of(unknownModel(in.modelId()))));
    // API.md: a create evicts the list cache. The dashboard keeps its 30 s TTL: under a load run
    // with steady creates, evicting it would recompute it on almost every read.
    listCache.invalidateAll();
    events.publish(
        new SessionEvent(SessionEvent.CREATED, id, SessionStatus.QUEUED, 0, Instant.now()));
    return created;
  }

  private static FieldError unknownModel(UUID modelId) {
    return new FieldError("model_id", "no model " + modelId);
  }

  public SessionView cancel(UUID id) {
    Integer progress = repo.cancel(id).orElse(null);
    if (progress == null) {
      if (!repo.exists(id)) {
        throw ApiException.notFound("No session " + id);
      }
      throw ApiException.conflict("Session " + id + " has already finished");
    }
    listCache.invalidateAll();
    events.publish(
        new SessionEvent(
            SessionEvent.CANCELLED, id, SessionStatus.CANCELLED, progress, Instant.now()));
    return get(id);
  }
}
