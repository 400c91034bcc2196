package dev.redline.checker.harness;

import dev.redline.checker.ingest.service.ServiceMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a platform was still warming while its rounds were measured: each {@code /api/} route's
 * CPU per request in the last quarter of a JVM's rounds against the first quarter (medians of the
 * rounds), summed up as the median change over the routes. The warm-up's own test compares windows
 * only 20 s apart, and passed while CPU per request went on falling by a quarter over the next 16
 * rounds (A/A calibrations, 2026-11-30): the two JVMs fell in steps at different moments, so their
 * ratio stood 10% off for minutes, more than the gate's limit. This says so after the rounds.
 */
final class Warmth {
  /** A JVM whose CPU per request moved by more than this share across its rounds was not warm. */
  static final double MAX_CHANGE = 0.10;

  /** Requests a route needs in every round to count. */
  static final int MIN_REQUESTS = 50;

  private Warmth() {}

  /**
   * The median over routes of (median CPU per request of the last quarter of {@code runs}) / (that
   * of the first quarter) - 1; NaN with fewer than 4 rounds, or no route measured in all of them.
   */
  static double change(List<Path> runs) {
    int quarter = runs.size() / 4;
    if (quarter == 0) {
      return Double.NaN;
    }
    Map<String, double[]> byRoute = new HashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      Path dir = runs.get(i).resolve(ServiceMetrics.FOLDER);
      Path start = dir.resolve(ServiceMetrics.START);
      Path end = dir.resolve(ServiceMetrics.END);
      if (!Files.isRegularFile(start) || !Files.isRegularFile(end)) {
        return Double.NaN;
      }
      for (Map.Entry<String, Double> e :
          MetricsScrape.apiCpuPerRequest(start, end, MIN_REQUESTS).entrySet()) {
        if (!e.getKey().equals("*")) {
          double[] perRound = byRoute.computeIfAbsent(e.getKey(), k -> new double[runs.size()]);
          perRound[i] = e.getValue();
        }
      }
    }
    List<Double> changes = new ArrayList<>();
    for (double[] perRound : byRoute.values()) {
      if (Arrays.stream(perRound).allMatch(v -> v > 0)) {
        double first = Validity.median(Arrays.copyOfRange(perRound, 0, quarter));
        double last =
            Validity.median(
                Arrays.copyOfRange(perRound, perRound.length - quarter, perRound.length));
        changes.add(last / first - 1);
      }
    }
    return changes.isEmpty()
        ? Double.NaN
        : Validity.median(changes.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * Prints a side's change across its rounds, and a warning when it is beyond {@link #MAX_CHANGE}.
   */
  static void report(String side, List<Path> runs, Progress progress) {
    double change = change(runs);
    if (Double.isNaN(change)) {
      return;
    }
    int quarter = runs.size() / 4;
    String moved =
        String.format(
            Locale.ROOT,
            "CPU per request %+.1f%% from its first %d rounds to its last %d (median over routes)",
            change * 100,
            quarter,
            quarter);
    progress.say("  warmth " + side + ": " + moved);
    if (Math.abs(change) > MAX_CHANGE) {
      String why =
          change < 0
              ? "%s was still warming while measured: %s, beyond +/-%.0f%%; a JVM that speeds up in"
                  + " steps shifts the base/head ratio for minutes. Lengthen the warm-up"
                  + " (REDLINE_WARMUP_SECONDS, REDLINE_WARMUP_MIN_SECONDS)"
              : "%s was not steady while measured: %s, beyond +/-%.0f%%; it grew dearer as the"
                  + " rounds went on (code the JIT threw away and recompiled, or a process beside"
                  + " it), and the base/head ratio moved with it";
      progress.warn(String.format(Locale.ROOT, why, side, moved, MAX_CHANGE * 100));
    }
  }
}
