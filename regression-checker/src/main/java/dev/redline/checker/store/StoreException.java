package dev.redline.checker.store;

/**
 * A store could not be read or written. The message is one sentence naming the store or file and
 * what went wrong; the CLI prints it and exits 2.
 */
public class StoreException extends Exception {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
