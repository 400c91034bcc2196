package dev.redline.checker.ingest.realtime;

import dev.redline.checker.ingest.Importer;
import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.InputFiles;
import dev.redline.checker.model.Run;
import java.nio.file.Path;

/**
 * A WebSocket result file on its own ({@code RealtimeLoad --result x.tsv}, {@link RealtimeResult}):
 * text whose first line that is not a comment has three tab-separated fields.
 */
public final class RealtimeImporter implements Importer {

  @Override
  public String what() {
    return "a WebSocket result";
  }

  @Override
  public boolean accepts(Path path, byte[] head) {
    return !InputFiles.binary(head, head.length)
        && InputFiles.firstLine(head).split("\t", -1).length == 3;
  }

  @Override
  public Run.Builder read(Path path, Run.Builder b) throws InputException {
    b.suite("realtime").source("realtime").startedAt(InputFiles.modified(path));
    return b.measurements(RealtimeResult.read(path));
  }
}
