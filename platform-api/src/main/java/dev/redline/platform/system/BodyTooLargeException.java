package dev.redline.platform.system;

/** A request body over {@code platform.http.max-body-size}; becomes 413. */
public class BodyTooLargeException extends RuntimeException {

  private final long limitBytes;

  public BodyTooLargeException(long limitBytes) {
    super("request body exceeds " + limitBytes + " bytes", null, false, false);
    this.limitBytes = limitBytes;
  }

  public Problem problem() {
    return new Problem(
        Problem.TYPE_BASE + "payload-too-large",
        "Payload too large",
        413,
        "The request body exceeds the limit of " + limitBytes + " bytes",
        null,
        java.util.List.of(new FieldError("body", "must be at most " + limitBytes + " bytes")));
  }
}
