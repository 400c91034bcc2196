package dev.redline.checker.ingest.gatling;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test tool: times {@link GatlingLogReader#read} on one log, a few runs after a warm-up, and prints
 * each run's time. A measurement, not a test: timing is never asserted in unit tests.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes
 * dev.redline.checker.ingest.gatling.IngestSpeed /tmp/sim-1m.log 5}
 */
public final class IngestSpeed {
  private IngestSpeed() {}

  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.printf("%s: %.1f MiB%n", log, Files.size(log) / 1048576.0);
    GatlingLogReader reader = new GatlingLogReader();
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      GatlingRun run = reader.read(log);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "run %d: %d ms, %d requests (%d ko), %d windows, p95 %.0f ms%n",
          i + 1,
          ms,
          run.total().count(),
          run.total().ko(),
          run.windows().size(),
          run.total().p95Ms());
    }
  }
}
