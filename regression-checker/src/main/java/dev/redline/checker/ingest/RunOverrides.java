package dev.redline.checker.ingest;

/**
 * What result files cannot say about themselves, given by the user; each non-null value overrides
 * what the importer found, except that the profile {@code default} keeps a profile the result names
 * (a local run's).
 */
public interface RunOverrides {
  String suite();

  String profile();

  String branch();

  String commit();
}
