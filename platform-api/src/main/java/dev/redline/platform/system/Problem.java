package dev.redline.platform.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem document; {@code errors} is present only for validation failures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors) {

  static final String TYPE_BASE = "https://redline.dev/problems/";

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(TYPE_BASE + slug, title, status, detail, null, null);
  }

  /** 503 for a request that needed PostgreSQL while it is unreachable. */
  public static Problem databaseUnavailable(long retryAfterSeconds) {
    return of(
        503,
        "database-unavailable",
        "Service unavailable",
        "The database is unreachable; retry in " + retryAfterSeconds + " s");
  }

  public Problem withInstance(String path) {
    return new Problem(type, title, status, detail, path, errors);
  }
}
