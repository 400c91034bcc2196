package dev.redline.bench.checker.ingest.gatling;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a seeded synthetic {@code simulation.log} in Gatling 3.15.1's binary format (the layout
 * {@code SimulationLogDecoder} documents): one run record, then per virtual user a start, four
 * requests back to back (lognormal times, medians 20-80 ms; one request in 20 of the third name KO)
 * and an end. Users arrive every 2 ms, so the run lasts {@code requests / 2000} seconds. Latin-1
 * strings only; the same arguments give the same bytes.
 */
public final class SyntheticSimulationLog {

  static final String GATLING_VERSION = "3.15.1";

  private static final String[] NAMES = {
    "GET /api/v1/dashboard/stats",
    "GET /api/v1/sessions/{id}",
    "POST /api/v1/sessions",
    "GET /health"
  };
  private static final double[] MEDIAN_MS = {40, 25, 80, 20};
  private static final int USER_INTERVAL_MS = 2;

  private final DataOutputStream out;
  private final Map<String, Integer> stringIndex = new HashMap<>();

  private SyntheticSimulationLog(DataOutputStream out) {
    this.out = out;
  }

  /**
   * Writes about {@code requests} requests (whole users of 4) to {@code file}; returns its size.
   */
  public static long write(Path file, int requests, long seed) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      new SyntheticSimulationLog(out).records(requests / NAMES.length, new SplittableRandom(seed));
    }
    return Files.size(file);
  }

  private void records(int users, SplittableRandom random) throws IOException {
    out.writeByte(0);
    string(GATLING_VERSION);
    string("dev.redline.simulations.BenchmarkInputSimulation");
    out.writeLong(1_750_000_000_000L);
    string("");
    out.writeInt(1);
    string("users");
    out.writeInt(0);
    for (int u = 0; u < users; u++) {
      int t = u * USER_INTERVAL_MS;
      user(true, t);
      for (int i = 0; i < NAMES.length; i++) {
        double z =
            Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                * Math.cos(2 * Math.PI * random.nextDouble());
        int ms = (int) Math.round(MEDIAN_MS[i] * Math.exp(0.5 * z));
        boolean ok = i != 2 || random.nextInt(20) != 0;
        request(NAMES[i], t, t + ms, ok, ok ? "" : "status.find.is(201), but actually found 500");
        t += ms;
      }
      user(false, t);
    }
  }

  private void user(boolean start, int timeMs) throws IOException {
    out.writeByte(2);
    out.writeInt(0);
    out.writeBoolean(start);
    out.writeInt(timeMs);
  }

  private void request(String name, int startMs, int endMs, boolean ok, String message)
      throws IOException {
    out.writeByte(1);
    out.writeInt(0); // no groups
    cached(name);
    out.writeInt(startMs);
    out.writeInt(endMs);
    out.writeBoolean(ok);
    cached(message);
  }

  /** First use: a new positive index and the string; later uses: the negated index alone. */
  private void cached(String s) throws IOException {
    Integer seen = stringIndex.get(s);
    if (seen != null) {
      out.writeInt(-seen);
      return;
    }
    int index = stringIndex.size() + 1;
    stringIndex.put(s, index);
    out.writeInt(index);
    string(s);
  }

  /** Length, Latin-1 bytes, coder 0; the empty string is its length alone. */
  private void string(String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    out.writeInt(bytes.length);
    if (bytes.length > 0) {
      out.write(bytes);
      out.writeByte(0);
    }
  }
}
