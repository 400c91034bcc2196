package dev.redline.checker.usecase;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.ComparisonException;
import dev.redline.checker.decide.Decider;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.decide.Detectable;
import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.ingest.RunOverrides;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.report.PairedReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Calibrating the gate from A/A runs (the same build measured several times): per measurement the
 * run-to-run noise and the smallest change the gate detects, and whether that is within the
 * measurement's limit. Independent runs calibrate the {@code ab} test; paired rounds ({@code
 * redline calibrate}) calibrate the gate's paired test.
 */
public final class Noise {
  /**
   * Power of the detectable-change estimate: the gate catches a change this size 80% of the time.
   */
  public static final double POWER = 0.80;

  private Noise() {}

  /** One measurement's calibration from independent runs. */
  public record Row(
      String key,
      String unit,
      int runs,
      double median,
      double cvPct,
      double detectablePct,
      double thresholdPct,
      boolean absolute) {
    public boolean gateable() {
      return absolute || detectablePct <= thresholdPct;
    }
  }

  /** What paired A/A rounds show: the gate's own verdicts on them and each measurement's MDE. */
  public record Paired(Comparison aa, int family, List<Detectable.Row> rows) {}

  /**
   * Noise per measurement: the standard deviation of the log per-run values (≈ the coefficient of
   * variation), and the smallest relative change a two-sided t-test at the config's alpha detects
   * with {@link #POWER} when comparing {@code perSide} runs with {@code perSide} runs. Measurements
   * seen in fewer than three runs are left out.
   */
  public static List<Row> independent(List<Run> runs, DecisionConfig cfg, int perSide) {
    Map<String, List<Measurement>> byKey = new LinkedHashMap<>();
    for (Run r : runs) {
      for (Measurement m : r.measurements()) {
        byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
      }
    }
    int df = 2 * perSide - 2;
    TDistribution t = TDistribution.of(df);
    double factor =
        (t.inverseCumulativeProbability(1 - cfg.alpha() / 2)
                + t.inverseCumulativeProbability(POWER))
            * Math.sqrt(2.0 / perSide);
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, List<Measurement>> e : byKey.entrySet()) {
      List<Measurement> ms = e.getValue();
      if (ms.size() < 3) {
        continue;
      }
      Measurement first = ms.get(0);
      boolean absolute = first.metric() == Metric.ERROR_RATE;
      // Whole-millisecond values get half a millisecond added before the log, as the gate does.
      double offset = "ms".equals(first.unit()) ? 0.5 : 0.0;
      double[] logs = new double[ms.size()];
      double[] values = new double[ms.size()];
      for (int i = 0; i < ms.size(); i++) {
        values[i] = ms.get(i).value();
        logs[i] = Math.log(Math.max(values[i] + offset, 1e-12));
      }
      double sd = Detectable.sd(logs);
      double detectable = (Math.exp(factor * sd) - 1) * 100;
      out.add(
          new Row(
              e.getKey(),
              first.unit(),
              ms.size(),
              Detectable.median(values),
              sd * 100,
              detectable,
              cfg.thresholdFor(first),
              absolute));
    }
    return out;
  }

  /**
   * The rule itself on this data: odd-numbered runs against even-numbered ones, as {@code ab}; null
   * with fewer than four runs.
   */
  public static Comparison aaCheck(List<Run> runs, DecisionConfig cfg) throws ComparisonException {
    if (runs.size() < 4) {
      return null;
    }
    List<Run> odd = new ArrayList<>();
    List<Run> even = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      (i % 2 == 0 ? odd : even).add(runs.get(i));
    }
    return new Decider(cfg).compare("ab", odd, even, false);
  }

  /**
   * Paired rounds ({@code a.get(i)} and {@code b.get(i)} ran at the same time): the gate's paired
   * verdicts on them, the size of its Holm family (the verdicts with a p-value), and per
   * measurement the MDE, the rounds needed for {@code goalPct} and, when the rounds ran on several
   * JVM pairs ({@code forkOfRound}, null: one), the spread between pairs.
   */
  public static Paired paired(
      List<Run> a, List<Run> b, int[] forkOfRound, DecisionConfig cfg, double goalPct)
      throws ComparisonException {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException(
          "paired rounds need one run on each side, got " + a.size() + " and " + b.size());
    }
    Comparison aa = new Decider(cfg, true).compare("ab", a, b, false);
    int family = (int) aa.verdicts().stream().filter(v -> !Double.isNaN(v.pValue())).count();
    return new Paired(
        aa, family, Detectable.paired(a, b, forkOfRound, cfg, family, POWER, goalPct));
  }

  /**
   * Paired A/A rounds read from their result paths ({@code a.get(i)} and {@code b.get(i)} ran at
   * the same time, on the JVM pair {@code forkOfRound[i]}; null: one pair): the gate's own test on
   * them and each measurement's MDE, as a report.
   */
  public static PairedReport pairedReport(
      List<Path> a,
      List<Path> b,
      int[] forkOfRound,
      RunOverrides overrides,
      DecisionConfig cfg,
      double goalPct)
      throws InputException, ComparisonException {
    List<Run> runsA = Inputs.read(a, overrides);
    List<Run> runsB = Inputs.read(b, overrides);
    Paired p = paired(runsA, runsB, forkOfRound, cfg, goalPct);
    int forks =
        forkOfRound == null ? 1 : (int) java.util.Arrays.stream(forkOfRound).distinct().count();
    return new PairedReport(runsA.get(0), p.rows(), p.aa(), cfg, p.family(), POWER, goalPct, forks);
  }
}
