package dev.redline.checker.ingest;

import dev.redline.checker.model.Run;
import java.nio.file.Path;

/**
 * Reads one tool's results into a run. Each source has its own package under {@code ingest/} with
 * one importer, registered in {@link Inputs}; {@link Inputs} picks the importer by the result's
 * content (its first bytes), never by its file name.
 */
public interface Importer {

  /** What this importer reads, for messages: {@code "a JMH result"}. */
  String what();

  /**
   * Whether {@code path} is this source's result.
   *
   * @param path a folder, or a regular file
   * @param head the file's first bytes (at most {@link InputFiles#HEAD_BYTES}, none for a folder)
   */
  boolean accepts(Path path, byte[] head);

  /**
   * Reads {@code path} into {@code run}: suite, source, times, tool versions, measurements.
   *
   * @param run holds the provenance detected where the result is; the user's overrides are applied
   *     after this
   * @throws InputException with one sentence naming the file and what is wrong with it
   */
  Run.Builder read(Path path, Run.Builder run) throws InputException;
}
