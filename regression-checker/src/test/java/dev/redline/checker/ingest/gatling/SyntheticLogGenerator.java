package dev.redline.checker.ingest.gatling;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test tool: writes a synthetic {@code simulation.log} in the real binary format of the Gatling
 * version the decoder accepts, for the ingest speed measurement and micro-benchmarks' ingest
 * benchmark (through the test-jar; no such file is committed).
 *
 * <p>Each virtual user runs 4 requests back to back (lognormal response times, median 20-80 ms; 5%
 * KO on one, with one of 2 messages); users arrive evenly so that the run lasts {@code requests /
 * 2000} seconds. Seeded: the same arguments give the same bytes.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes
 * dev.redline.checker.ingest.gatling.SyntheticLogGenerator /tmp/sim-1m.log 1000000}
 */
public final class SyntheticLogGenerator {
  static final String[] NAMES = {
    "GET /dashboard/stats", "GET /sessions/{id}", "POST /sessions", "GET /health"
  };
  private static final double[] MEDIAN_MS = {40, 25, 80, 20};
  private static final int REQUESTS_PER_SECOND = 2_000;

  private SyntheticLogGenerator() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: SyntheticLogGenerator <simulation.log to write> <requests>");
      System.exit(2);
    }
    long requests = Long.parseLong(args[1]);
    write(Path.of(args[0]), requests, 42);
    System.out.println("wrote " + requests + " requests to " + args[0]);
  }

  /** Writes {@code requests} requests (rounded down to whole users of 4 requests). */
  public static void write(Path log, long requests, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long users = requests / NAMES.length;
    double userIntervalMs = 1000.0 * NAMES.length / REQUESTS_PER_SECOND;
    try (SimulationLogWriter w = new SimulationLogWriter(log)) {
      w.run(
          new SimulationLogDecoder.RunHeader(
              SimulationLogDecoder.GATLING_VERSION,
              "dev.redline.simulations.SyntheticSimulation",
              1_750_000_000_000L,
              "",
              List.of("synthetic"),
              List.of()));
      String[] noGroups = new String[0];
      for (long u = 0; u < users; u++) {
        int t = (int) (u * userIntervalMs);
        w.user(0, true, t);
        for (int i = 0; i < NAMES.length; i++) {
          int rt = (int) Math.round(MEDIAN_MS[i] * Math.exp(0.5 * gaussian(random)));
          boolean ok = i != 2 || random.nextInt(20) != 0;
          String message = ok ? "" : random.nextBoolean() ? "found 500" : "found 503";
          w.request(noGroups, NAMES[i], t, t + rt, ok, message);
          t += rt;
        }
        w.user(0, false, t);
      }
    }
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
