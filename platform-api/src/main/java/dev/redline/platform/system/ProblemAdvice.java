package dev.redline.platform.system;

import dev.redline.platform.db.DatabaseCircuit;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Every exception a controller lets out becomes an {@code application/problem+json} response. */
@RestControllerAdvice
class ProblemAdvice {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
  private static final MediaType PROBLEM = MediaType.parseMediaType(ProblemWriter.CONTENT_TYPE);

  private final ProblemWriter writer;
  private final DatabaseCircuit database;

  ProblemAdvice(ProblemWriter writer, DatabaseCircuit database) {
    this.writer = writer;
    this.database = database;
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<byte[]> api(ApiException e, HttpServletRequest req) {
    var builder = ResponseEntity.status(e.status()).contentType(PROBLEM);
    e.headers().forEach((k, v) -> builder.header(k, v));
    return builder.body(writer.toBytes(e.problem().withInstance(req.getRequestURI())));
  }

  /**
   * A chunked body that passed the limit while being read: thrown by {@link BodyLimitFilter}'s
   * stream, it reaches here bare or wrapped, depending on who was reading (Jackson, or Spring's
   * empty-body check before it).
   */
  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<byte[]> tooLarge(BodyTooLargeException e, HttpServletRequest req) {
    // The rest of the body stays unread: close rather than drain it.
    return ResponseEntity.status(413)
        .header(HttpHeaders.CONNECTION, "close")
        .contentType(PROBLEM)
        .body(writer.toBytes(e.problem().withInstance(req.getRequestURI())));
  }

  /**
   * Tomcat could not decode the query string (malformed percent-encoding or UTF-8, too many
   * parameters); it refuses every parameter then, so the first read of any parameter throws.
   */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<byte[]> badQuery(InvalidParameterException e, HttpServletRequest req) {
    return api(malformedQuery(req.getQueryString()), req);
  }

  /** The 400 for a query string Tomcat refused, naming the parameter when we can tell which. */
  static ApiException malformedQuery(String rawQuery) {
    return QueryStrings.firstMalformed(rawQuery)
        .map(p -> ApiException.badRequest(p, "is not valid percent-encoded UTF-8"))
        .orElseGet(
            () ->
                ApiException.badRequest(
                    "query", "is malformed (bad encoding or too many parameters)"));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<byte[]> unreadable(HttpMessageNotReadableException e, HttpServletRequest req) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException tooLarge) {
        return tooLarge(tooLarge, req);
      }
    }
    Throwable cause = e.getCause();
    if (cause instanceof JacksonException je && !je.getPath().isEmpty()) {
      String field =
          je.getPath().stream()
              .map(
                  r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      String message =
          cause instanceof MismatchedInputException mie
              ? expected(mie.getTargetType())
              : "has the wrong type, format or range";
      return respond(
          new Problem(
              Problem.TYPE_BASE + "bad-request",
              "Bad request",
              400,
              field + ": " + message,
              null,
              List.of(new FieldError(field, message))),
          req);
    }
    String detail;
    if (cause instanceof DatabindException) {
      detail = "The request body must be a JSON object with the documented fields";
    } else if (cause instanceof JacksonException) {
      detail = "The request body is not valid JSON";
    } else {
      detail = "The request body is missing or unreadable";
    }
    return respond(
        new Problem(
            Problem.TYPE_BASE + "bad-request",
            "Bad request",
            400,
            detail,
            null,
            List.of(new FieldError("body", detail))),
        req);
  }

  /** What a field of this Java type must be on the wire. */
  private static String expected(Class<?> type) {
    if (type == null) {
      return "has the wrong type, format or range";
    }
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "must be a whole JSON number (no quotes, no fraction)";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class) {
      return "must be a JSON number (no quotes)";
    }
    if (type == String.class) {
      return "must be a JSON string";
    }
    if (type == java.util.UUID.class) {
      return "must be a UUID string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "must be a JSON array";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "must be true or false";
    }
    return "has the wrong type, format or range";
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<byte[]> typeMismatch(
      MethodArgumentTypeMismatchException e, HttpServletRequest req) {
    String expected =
        e.getRequiredType() == null ? "a valid value" : e.getRequiredType().getSimpleName();
    return api(ApiException.badRequest(e.getName(), "must be a valid " + expected), req);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<byte[]> missingParam(
      MissingServletRequestParameterException e, HttpServletRequest req) {
    return api(ApiException.badRequest(e.getParameterName(), "is required"), req);
  }

  @ExceptionHandler(MissingRequestHeaderException.class)
  ResponseEntity<byte[]> missingHeader(MissingRequestHeaderException e, HttpServletRequest req) {
    return api(ApiException.badRequest(e.getHeaderName(), "header is required"), req);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<byte[]> method(HttpRequestMethodNotSupportedException e, HttpServletRequest req) {
    HttpHeaders headers = new HttpHeaders();
    if (e.getSupportedHttpMethods() != null) {
      headers.setAllow(e.getSupportedHttpMethods());
    }
    Problem p =
        Problem.of(
            405,
            "method-not-allowed",
            "Method not allowed",
            e.getMethod() + " is not supported here; allowed: " + e.getSupportedHttpMethods());
    return ResponseEntity.status(405)
        .headers(headers)
        .contentType(PROBLEM)
        .body(writer.toBytes(p.withInstance(req.getRequestURI())));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<byte[]> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest req) {
    return respond(
        Problem.of(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            "Content-Type " + e.getContentType() + " is not supported; send application/json"),
        req);
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<byte[]> notAcceptable(
      HttpMediaTypeNotAcceptableException e, HttpServletRequest req) {
    return respond(
        Problem.of(
            406, "not-acceptable", "Not acceptable", "This resource produces application/json"),
        req);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<byte[]> noResource(NoResourceFoundException e, HttpServletRequest req) {
    return respond(
        Problem.of(404, "not-found", "Not found", "No resource at " + req.getRequestURI()), req);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<byte[]> unexpected(Exception e, HttpServletRequest req) {
    if (DatabaseCircuit.isOutage(e)) {
      // Not a bug of ours: the circuit logs the outage once; each request only at debug.
      log.debug(
          "{} {}: database unavailable: {}", req.getMethod(), req.getRequestURI(), e.toString());
      return ResponseEntity.status(503)
          .header("Retry-After", Long.toString(database.retryAfterSeconds()))
          .contentType(PROBLEM)
          .body(writer.toBytes(databaseUnavailable(database).withInstance(req.getRequestURI())));
    }
    if (e instanceof ErrorResponse er && er.getStatusCode().value() < 500) {
      // Any other Spring MVC client error (binding, missing part...): keep its status.
      int status = er.getStatusCode().value();
      HttpStatus hs = HttpStatus.resolve(status);
      String title = hs != null ? hs.getReasonPhrase() : "Error";
      String detail = er.getBody().getDetail() != null ? er.getBody().getDetail() : title;
      return respond(Problem.of(status, "http-" + status, title, detail), req);
    }
    log.error("Unhandled error on {} {}", req.getMethod(), req.getRequestURI(), e);
    return respond(
        Problem.of(500, "internal", "Internal server error", "An unexpected error occurred"), req);
  }

  static Problem databaseUnavailable(DatabaseCircuit database) {
    return Problem.databaseUnavailable(database.retryAfterSeconds());
  }

  private ResponseEntity<byte[]> respond(Problem p, HttpServletRequest req) {
    return ResponseEntity.status(p.status())
        .contentType(PROBLEM)
        .body(writer.toBytes(p.withInstance(req.getRequestURI())));
  }
}
