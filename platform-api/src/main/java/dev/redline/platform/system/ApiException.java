package dev.redline.platform.system;

import java.util.List;
import java.util.Map;

/**
 * The one error type our code throws for client mistakes and state conflicts; the advice turns it
 * into a problem document. Never used for bugs (those stay 500).
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  public ApiException(
      int status,
      String slug,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** 400: a query parameter, path variable or header is malformed. */
  public static ApiException badRequest(String field, String message) {
    return new ApiException(
        400,
        "bad-request",
        "Bad request",
        field + ": " + message,
        List.of(new FieldError(field, message)),
        null);
  }

  /** 422: the body parsed but breaks a rule (ranges, known values, references). */
  public static ApiException invalid(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid";
    return new ApiException(422, "validation", "Validation failed", detail, errors, null);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not-found", "Not found", what, null, null);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "conflict", "Conflict", detail, null, null);
  }

  public int status() {
    return status;
  }

  public Problem problem() {
    return new Problem(Problem.TYPE_BASE + slug, title, status, getMessage(), null, errors);
  }

  public Map<String, String> headers() {
    return headers;
  }
}
