package dev.redline.checker.harness;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.gatling.SimulationLogDecoder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Every OK response time of several Gatling logs, read straight from the records: the reference the
 * merged run's percentiles are checked against (computed with no merge code at all).
 */
final class RawSamples {
  private int[] okMs = new int[1024];
  private int n;
  private long requests;

  static RawSamples of(List<Path> logs) throws InputException {
    RawSamples s = new RawSamples();
    for (Path log : logs) {
      SimulationLogDecoder.decode(
          log,
          new SimulationLogDecoder.RecordVisitor() {
            @Override
            public void run(SimulationLogDecoder.RunHeader header) {}

            @Override
            public void request(
                String[] groups, String name, int startMs, int endMs, boolean ok, String message) {
              s.requests++;
              if (ok) {
                if (s.n == s.okMs.length) {
                  s.okMs = Arrays.copyOf(s.okMs, 2 * s.n);
                }
                s.okMs[s.n++] = endMs - startMs;
              }
            }

            @Override
            public void user(int scenarioIndex, boolean start, int timeMs) {}
          });
    }
    Arrays.sort(s.okMs, 0, s.n);
    return s;
  }

  long requests() {
    return requests;
  }

  /** Nearest-rank percentile of the OK response times, ms, by sorting them all. */
  double percentileMs(double percent) {
    int rank = (int) Math.max(1, Math.ceil(percent / 100.0 * n));
    return okMs[rank - 1];
  }
}
