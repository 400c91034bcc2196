package dev.redline.checker.usecase;

import dev.redline.checker.decide.ComparisonException;
import dev.redline.checker.ingest.InputException;
import dev.redline.checker.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The exit codes every command returns and the one sentence it prints for an error, shared by the
 * CLI and the orchestration (which calls the use cases directly and reports their errors alike).
 */
public final class Exit {
  public static final int PASS = 0;
  public static final int REGRESSION = 1;
  public static final int BAD_INPUT = 2;

  private Exit() {}

  /** True for the errors whose message is already the sentence for the user. */
  public static boolean told(Throwable ex) {
    return ex instanceof InputException
        || ex instanceof StoreException
        || ex instanceof ComparisonException
        || ex instanceof IllegalArgumentException;
  }

  /** The one sentence to print for an error of a use case. */
  public static String sentence(Throwable ex) {
    if (told(ex)) {
      return "error: " + ex.getMessage();
    }
    if (ex instanceof UncheckedIOException || ex instanceof IOException) {
      return "error: cannot read or write a file: " + ex.getMessage();
    }
    return "error: unexpected "
        + ex.getClass().getSimpleName()
        + ": "
        + ex.getMessage()
        + " (run again with --verbose for details)";
  }
}
