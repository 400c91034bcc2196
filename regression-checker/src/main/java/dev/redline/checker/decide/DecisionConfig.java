package dev.redline.checker.decide;

import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The limits the decision applies. Read from a {@code redline.properties} file:
 *
 * <pre>
 * threshold = 10%                          # default relative limit for every metric, percent
 * threshold.p99 = 15%                      # per metric id (mean p50 p75 p95 p99 rps score alloc)
 * threshold.GET /dashboard/stats p95 = 20% # per measurement: name, space, metric id
 * error-budget = 1pp                       # error rate: allowed rise, percentage points
 * alpha = 0.05                             # significance level of the two-sided tests
 * </pre>
 *
 * A key runs up to the last {@code =}, so request names may contain spaces.
 *
 * @param thresholdPct default relative limit, percent, > 0
 * @param perMetricPct limit per metric id
 * @param perMeasurementPct limit per measurement key ({@code GET /x p95})
 * @param errorBudgetPp error-rate budget, percentage points, >= 0
 * @param alpha significance level in (0, 0.5)
 */
public record DecisionConfig(
    double thresholdPct,
    Map<String, Double> perMetricPct,
    Map<String, Double> perMeasurementPct,
    double errorBudgetPp,
    double alpha) {

  public static final double DEFAULT_THRESHOLD_PCT = 10.0;
  public static final double DEFAULT_ERROR_BUDGET_PP = 1.0;
  public static final double DEFAULT_ALPHA = 0.05;

  public DecisionConfig {
    perMetricPct = Map.copyOf(perMetricPct);
    perMeasurementPct = Map.copyOf(perMeasurementPct);
    if (!(thresholdPct > 0) || !(errorBudgetPp >= 0) || !(alpha > 0 && alpha < 0.5)) {
      throw new IllegalArgumentException(
          "need threshold > 0, error budget >= 0 and 0 < alpha < 0.5");
    }
  }

  public static DecisionConfig defaults() {
    return new DecisionConfig(
        DEFAULT_THRESHOLD_PCT, Map.of(), Map.of(), DEFAULT_ERROR_BUDGET_PP, DEFAULT_ALPHA);
  }

  /** A copy with another default threshold (the {@code --threshold} option). */
  public DecisionConfig withThreshold(double pct) {
    return new DecisionConfig(pct, perMetricPct, perMeasurementPct, errorBudgetPp, alpha);
  }

  /** The limit for a measurement: per measurement, else per metric, else the default. */
  public double thresholdFor(Measurement m) {
    if (m.metric() == Metric.ERROR_RATE) {
      return errorBudgetPp;
    }
    Double own = perMeasurementPct.get(m.key());
    if (own != null) {
      return own;
    }
    return perMetricPct.getOrDefault(m.metric().id(), thresholdPct);
  }

  /** Confidence of the reported intervals: 1 - alpha. */
  public double confidence() {
    return 1 - alpha;
  }

  /**
   * Reads a config file.
   *
   * @throws IllegalArgumentException with one sentence naming the file, line and problem
   */
  public static DecisionConfig load(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    double threshold = DEFAULT_THRESHOLD_PCT;
    double budget = DEFAULT_ERROR_BUDGET_PP;
    double alpha = DEFAULT_ALPHA;
    Map<String, Double> perMetric = new HashMap<>();
    Map<String, Double> perMeasurement = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = stripComment(lines.get(i)).trim();
      if (line.isEmpty()) {
        continue;
      }
      String where = file + " line " + (i + 1);
      int eq = line.lastIndexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(where + " is not 'key = value': " + line);
      }
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      double number = number(value, where);
      if (key.equals("threshold")) {
        threshold = number;
      } else if (key.equals("error-budget")) {
        budget = number;
      } else if (key.equals("alpha")) {
        alpha = number;
      } else if (key.startsWith("threshold.")) {
        String target = key.substring("threshold.".length()).trim();
        if (isMetricId(target)) {
          perMetric.put(target.toLowerCase(Locale.ROOT), number);
        } else if (target.contains(" ")
            && isMetricId(target.substring(target.lastIndexOf(' ') + 1))) {
          perMeasurement.put(target, number);
        } else {
          throw new IllegalArgumentException(
              where
                  + " names '"
                  + target
                  + "', which is neither a metric id nor '<name> <metric>'");
        }
      } else {
        throw new IllegalArgumentException(
            where
                + " has unknown key '"
                + key
                + "' (known: threshold, threshold.*, error-budget, alpha)");
      }
    }
    try {
      return new DecisionConfig(threshold, perMetric, perMeasurement, budget, alpha);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  private static boolean isMetricId(String s) {
    try {
      Metric.fromId(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String stripComment(String line) {
    if (line.trim().startsWith("#")) {
      return "";
    }
    int hash = line.indexOf(" #");
    return hash >= 0 ? line.substring(0, hash) : line;
  }

  private static double number(String value, String where) {
    String v = value.toLowerCase(Locale.ROOT).replace("%", "").replace("pp", "").trim();
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + " has '" + value + "', which is not a number");
    }
  }
}
