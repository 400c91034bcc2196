package dev.redline.checker.ingest;

import java.nio.file.Path;

/**
 * An input file or folder cannot be read as a result: missing, empty, truncated, from another tool
 * version, not JSON, without benchmarks, or in a unit Redline does not know.
 *
 * <p>The message is one sentence that names the file and what is wrong with it, fit to print as it
 * is; the CLI catches this once and exits 2.
 */
public class InputException extends Exception {
  private final transient Path file;

  /**
   * @param file the file or folder at fault, named in {@code sentence}
   * @param sentence one sentence naming the file and the problem
   */
  public InputException(Path file, String sentence) {
    super(sentence);
    this.file = file;
  }

  /** Same, keeping the low-level cause for {@code --verbose}. */
  public InputException(Path file, String sentence, Throwable cause) {
    super(sentence, cause);
    this.file = file;
  }

  /** The file or folder at fault. */
  public Path file() {
    return file;
  }
}
