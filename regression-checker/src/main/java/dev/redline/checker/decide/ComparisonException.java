package dev.redline.checker.decide;

/**
 * The runs cannot be compared (different machines or JDKs, nothing in common, too few runs). One
 * sentence naming the runs or files; the CLI prints it and exits 2.
 */
public class ComparisonException extends Exception {
  public ComparisonException(String message) {
    super(message);
  }
}
