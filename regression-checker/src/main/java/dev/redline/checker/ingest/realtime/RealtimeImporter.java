package dev.redline.checker.ingest.realtime;

import dev.redline.checker.ingest.Importer;
import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.InputFiles;
import dev.redline.checker.model.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A WebSocket result file on its own ({@code RealtimeLoad --result x.tsv}, {@link RealtimeResult}):
 * text that starts with its header comment, or whose first line that is not a comment has three
 * tab-separated fields.
 */
public final class RealtimeImporter implements Importer {
  /** The comment {@code RealtimeLoad} starts its result with. */
  private static final String HEADER = "# RealtimeLoad result";

  @Override
  public String what() {
    return "a WebSocket result";
  }

  @Override
  public boolean accepts(Path path, byte[] head) {
    if (InputFiles.binary(head, head.length)) {
      return false;
    }
    String text = new String(head, StandardCharsets.UTF_8);
    return text.startsWith(HEADER) || InputFiles.firstLine(head).split("\t", -1).length == 3;
  }

  @Override
  public Run.Builder read(Path path, Run.Builder b) throws InputException {
    b.suite("realtime").source("realtime").startedAt(InputFiles.modified(path));
    return b.measurements(RealtimeResult.read(path));
  }
}
