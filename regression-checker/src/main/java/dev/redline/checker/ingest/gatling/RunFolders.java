package dev.redline.checker.ingest.gatling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where Gatling and {@code ./redline run} leave their results: what the importer reads and the
 * harness writes, so that both name them from here.
 */
public final class RunFolders {
  /** Written into a local run's window folder: suite, history profile, shape, validity, JFR. */
  public static final String RUN_PROPERTIES = "redline-run.properties";

  private RunFolders() {}

  /** The newest run folder Gatling left under {@code results}, if any. */
  public static Optional<Path> newest(Path results) {
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.filter(Files::isDirectory).max(Comparator.comparing(RunFolders::modified));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The Gatling run folders of a sharded window ({@code shard-0/<run>}, {@code shard-1/<run>}, ...
   * in index order, as several injectors leave them), empty when {@code window} is not sharded.
   */
  public static List<Path> shards(Path window) {
    List<Path> runs = new ArrayList<>();
    for (int i = 0; Files.isDirectory(window.resolve(SHARD + i)); i++) {
      newest(window.resolve(SHARD + i)).ifPresent(runs::add);
    }
    return runs;
  }

  /** The folder prefix of shard i under a window: {@code shard-i}. */
  public static final String SHARD = "shard-";

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
