package dev.redline.platform.config;

import dev.redline.platform.cache.CachedBody;
import dev.redline.platform.cache.ResponseCache;
import dev.redline.platform.system.ApiException;
import dev.redline.platform.system.FieldError;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

@Service
public class CriteriaService {

  private static final String KEY = "criteria";

  private final CriteriaRepository repo;
  private final ResponseCache cache;
  private final JsonMapper mapper;
  private final CriteriaValidator validator = new CriteriaValidator();

  CriteriaService(
      CriteriaRepository repo, @Qualifier("configCache") ResponseCache cache, JsonMapper mapper) {
    this.repo = repo;
    this.cache = cache;
    this.mapper = mapper;
  }

  /** The serialized document and its ETag ({@code "<version>"}), from cache when fresh. */
  public CachedBody current() {
    return cache.get(KEY, () -> serialize(repo.load()));
  }

  /**
   * The current document, for session creation to check techniques and devices against: read from
   * the cached body (parsed once per cache entry), so a create costs no query for it, and a PUT is
   * seen at once (it evicts the entry, here and on every instance).
   */
  public OptimizationCriteria document() {
    CachedBody body = current();
    Parsed last = parsed;
    if (last != null && last.body() == body) {
      return last.document();
    }
    OptimizationCriteria doc = mapper.readValue(body.json(), OptimizationCriteria.class);
    parsed = new Parsed(body, doc);
    return doc;
  }

  /** A cache entry and its parsed document, compared by identity. */
  private record Parsed(CachedBody body, OptimizationCriteria document) {}

  private volatile Parsed parsed;

  /**
   * Replaces the document. Order of checks: If-Match present (428), body valid (422), version
   * current (412), so a client learns about its own mistakes before races.
   */
  public CachedBody replace(String ifMatch, CriteriaInput in) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new ApiException(
          428,
          "precondition-required",
          "Precondition required",
          "Send If-Match with the ETag from GET /api/v1/config/optimization-criteria",
          List.of(new FieldError("If-Match", "header is required")),
          null);
    }
    List<FieldError> errors = validator.validateFull(in);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    long expected = parseVersion(ifMatch);
    OptimizationCriteria saved = expected < 0 ? null : repo.replace(in, expected);
    if (saved == null) {
      OptimizationCriteria now = repo.load();
      throw new ApiException(
          412,
          "precondition-failed",
          "Precondition failed",
          "If-Match " + ifMatch.trim() + " is stale; the current ETag is \"" + now.version() + "\"",
          List.of(new FieldError("If-Match", "does not match the current version")),
          Map.of("ETag", "\"" + now.version() + "\""));
    }
    cache.invalidateAll();
    return serialize(saved);
  }

  private CachedBody serialize(OptimizationCriteria c) {
    return new CachedBody(mapper.writeValueAsBytes(c), "\"" + c.version() + "\"");
  }

  /** {@code "7"}, {@code W/"7"} or {@code 7} → 7; anything else → -1 (never matches). */
  static long parseVersion(String ifMatch) {
    String v = ifMatch.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
