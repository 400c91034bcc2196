package dev.redline.checker.harness;

/**
 * Something the orchestrating commands drive failed: a build, a platform that did not start or
 * died, a load run that left no results, a git ref that is not a commit. The message is one
 * sentence that names the thing and where its log is; the CLI prints it and exits 2.
 */
public final class HarnessException extends RuntimeException {
  public HarnessException(String message) {
    super(message);
  }

  public HarnessException(String message, Throwable cause) {
    super(message, cause);
  }
}
