package dev.redline.checker.decide;

import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import dev.redline.checker.stats.Change;
import dev.redline.checker.stats.SignificanceTests;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares current runs with baseline runs and gives each shared measurement a verdict.
 *
 * <p>Which test runs depends on how many runs there are:
 *
 * <ul>
 *   <li>Three or more runs in all (one side may have one): a t-test on the logs of the per-run
 *       values. The samples are the runs, so run-to-run drift counts as noise. This is the honest
 *       test on a shared machine and the one the {@code ab} and {@code history} baselines use.
 *   <li>One run against one run: the raw observations within each run (response times, JMH
 *       iterations). Drift between the two runs is invisible to it, so only the threshold guards
 *       against drift; see the README for the sample sizes this needs.
 *   <li>Error rate: failed and total requests pooled per side, a two-proportion test, and an
 *       absolute budget in percentage points.
 * </ul>
 */
public final class Decider {
  private final DecisionConfig config;
  private final boolean paired;
  private final boolean pairedIterations;

  public Decider(DecisionConfig config) {
    this(config, false);
  }

  public Decider(DecisionConfig config, boolean paired) {
    this(config, paired, false);
  }

  /**
   * @param paired the i-th baseline and i-th current run were measured in the same round (the
   *     gate's interleaved rounds): decide {@code ab} comparisons with the paired test
   * @param pairedIterations with {@code paired}: the runs' observations ran at the same time too
   *     (the gate's duet JMH rounds, two benchmark JVMs in step), so the j-th iteration of the i-th
   *     baseline run is paired with the j-th of the i-th current run; a measurement whose runs do
   *     not have equally many observations falls back to per-run pairs
   */
  public Decider(DecisionConfig config, boolean paired, boolean pairedIterations) {
    this.config = config;
    this.paired = paired;
    this.pairedIterations = paired && pairedIterations;
  }

  /**
   * Compares.
   *
   * @param mode {@code ab}, {@code history} or {@code file} (recorded in the result)
   * @param allowCrossMachine compare runs from different machines or JDKs anyway
   * @throws ComparisonException when the runs differ in machine or JDK (unless allowed), when
   *     {@code ab} has fewer than two runs on a side, or when they share no measurement
   */
  public Comparison compare(
      String mode, List<Run> baseline, List<Run> current, boolean allowCrossMachine)
      throws ComparisonException {
    if (baseline.isEmpty()) {
      throw new ComparisonException("There is no baseline run to compare with.");
    }
    if (current.isEmpty()) {
      throw new ComparisonException("There is no current run to compare.");
    }
    if ("ab".equals(mode) && (baseline.size() < 2 || current.size() < 2)) {
      throw new ComparisonException(
          "The ab baseline needs at least two runs on each side, got "
              + baseline.size()
              + " baseline and "
              + current.size()
              + " current.");
    }
    checkSameSuite(baseline, current);
    if (!allowCrossMachine) {
      checkSameMachine(baseline, current);
    }
    Map<String, List<Measurement>> base = byKey(baseline);
    Map<String, List<Measurement>> cur = byKey(current);
    List<Verdict> verdicts = new ArrayList<>();
    List<String> onlyCurrent = new ArrayList<>();
    for (Map.Entry<String, List<Measurement>> e : cur.entrySet()) {
      List<Measurement> b = base.get(e.getKey());
      if (b == null) {
        onlyCurrent.add(e.getKey());
      } else {
        Verdict v = decide(b, e.getValue());
        verdicts.add(singleHistoryRun(mode, baseline.size(), v));
      }
    }
    List<String> onlyBaseline =
        base.keySet().stream().filter(k -> !cur.containsKey(k)).collect(Collectors.toList());
    if (verdicts.isEmpty()) {
      throw new ComparisonException(
          "The baseline "
              + labels(baseline)
              + " and the current "
              + labels(current)
              + " share no measurement (baseline has "
              + sample(base.keySet())
              + ", current has "
              + sample(cur.keySet())
              + ").");
    }
    return new Comparison(
        mode, baseline, current, holm(verdicts), onlyBaseline, onlyCurrent, config);
  }

  /**
   * One comparison tests every measurement at once (35 and more for a Gatling suite), so at alpha
   * 0.05 a build would fail now and then on chance alone. The p-values are therefore Holm-adjusted
   * over the comparison (step-down Bonferroni: the family-wise error stays at alpha), and each
   * status is decided again on the adjusted p-value. With one measurement nothing changes.
   */
  List<Verdict> holm(List<Verdict> verdicts) {
    int m = (int) verdicts.stream().filter(v -> !Double.isNaN(v.pValue())).count();
    int all = verdicts.size();
    Integer[] order = new Integer[all];
    for (int i = 0; i < all; i++) {
      order[i] = i;
    }
    // Untested verdicts (NaN) sort last and keep their NaN.
    Arrays.sort(order, Comparator.comparingDouble(i -> pOrTwo(verdicts.get(i).pValue())));
    double[] adjusted = new double[all];
    double running = 0;
    for (int rank = 0; rank < m; rank++) {
      int i = order[rank];
      running = Math.max(running, Math.min(1.0, (m - rank) * verdicts.get(i).pValue()));
      adjusted[i] = running;
    }
    List<Verdict> out = new ArrayList<>(all);
    for (int i = 0; i < all; i++) {
      Verdict v = verdicts.get(i);
      if (m == 1 || Double.isNaN(v.pValue())) {
        out.add(v);
        continue;
      }
      Change c = new Change(v.changePct(), v.ciLowPct(), v.ciHighPct(), adjusted[i], v.method());
      Status status =
          v.status() == Status.NOISY && v.method().contains("not gating")
              ? Status.NOISY
              : status(v.direction(), c, v.thresholdPct());
      out.add(
          new Verdict(
              v.name(),
              v.metric(),
              v.unit(),
              v.direction(),
              status,
              v.baseline(),
              v.current(),
              v.changePct(),
              v.ciLowPct(),
              v.ciHighPct(),
              adjusted[i],
              v.thresholdPct(),
              v.baselineRuns(),
              v.currentRuns(),
              v.method() + "; p Holm-adjusted over " + m));
    }
    return List.copyOf(out);
  }

  private static double pOrTwo(double p) {
    return Double.isNaN(p) ? 2.0 : p;
  }

  /**
   * A history of one run says nothing about run-to-run drift, and a within-run test then cries wolf
   * on a noisy machine (several percent of A/A comparisons at 3% drift, see the README). So with
   * one history run a worsening beyond the limit is reported as noisy and does not fail; from two
   * history runs on, the between-runs test decides.
   */
  static Verdict singleHistoryRun(String mode, int baselineRuns, Verdict v) {
    if (!"history".equals(mode)
        || baselineRuns >= 2
        || v.status() != Status.REGRESSION
        || v.method().startsWith(NO_VALUE)) {
      return v;
    }
    return new Verdict(
        v.name(),
        v.metric(),
        v.unit(),
        v.direction(),
        Status.NOISY,
        v.baseline(),
        v.current(),
        v.changePct(),
        v.ciLowPct(),
        v.ciHighPct(),
        v.pValue(),
        v.thresholdPct(),
        v.baselineRuns(),
        v.currentRuns(),
        v.method() + "; one history run, drift unknown: not gating");
  }

  /** The verdict on one measurement, from its records in the baseline and current runs. */
  public Verdict decide(List<Measurement> baseline, List<Measurement> current) {
    Measurement first = current.get(0);
    Metric metric = first.metric();
    double limit = config.thresholdFor(first);
    int nb = baseline.size();
    int nc = current.size();
    String invalid = metric == Metric.ERROR_RATE ? null : withoutValue(baseline, current);
    if (invalid != null) {
      // Nothing to test, and "not testable" must not pass a gate: it fails, saying why.
      return new Verdict(
          first.name(),
          metric,
          first.unit(),
          first.direction(),
          Status.REGRESSION,
          baseline.get(0).value(),
          first.value(),
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          limit,
          nb,
          nc,
          NO_VALUE + ": " + invalid);
    }
    double baseValue;
    double curValue;
    Change change;
    if (metric == Metric.ERROR_RATE) {
      Samples.Proportion pb = pooled(baseline);
      Samples.Proportion pc = pooled(current);
      baseValue = pb.rate() * 100;
      curValue = pc.rate() * 100;
      change = SignificanceTests.proportions(pb, pc, config.confidence());
    } else {
      double offset = Units.ratioOffset(first.unit());
      double[] vb = values(baseline);
      double[] vc = values(current);
      double[][] iterations = pairedIterations ? iterationPairs(baseline, current) : null;
      if (iterations != null) {
        double[] ib = iterations[0];
        double[] ic = iterations[1];
        baseValue = SignificanceTests.geometricMean(vb, offset);
        curValue = SignificanceTests.geometricMean(vc, offset);
        change =
            safely(
                () ->
                    relabel(
                        SignificanceTests.pairedRuns(ib, ic, config.confidence(), offset),
                        "paired t-test on log ratios of simultaneous iterations ("
                            + ib.length
                            + " pairs)"));
      } else if (nb + nc >= 3 && (nb >= 2 || nc >= 2)) {
        baseValue = nb == 1 ? vb[0] : SignificanceTests.geometricMean(vb, offset);
        curValue = nc == 1 ? vc[0] : SignificanceTests.geometricMean(vc, offset);
        change =
            paired && nb == nc
                ? safely(() -> SignificanceTests.pairedRuns(vb, vc, config.confidence(), offset))
                : safely(() -> SignificanceTests.betweenRuns(vb, vc, config.confidence(), offset));
      } else {
        baseValue = vb[0];
        curValue = vc[0];
        change =
            safely(
                () -> withinRun(metric, first.unit(), baseline.get(0).samples(), first.samples()));
      }
      if (!Units.STATEMENTS_PER_REQ.equals(first.unit())) {
        // SQL statements per request keep the offset change: 0.017 -> 0.021 statements (a token
        // lookup more in a round) is +0.4% of (1 + statements), not +20% of almost nothing.
        change = recentre(change, baseValue, curValue);
      }
    }
    Status status = status(first.direction(), change, limit);
    String starved =
        metric == Metric.GC_PAUSE
            ? GC_PAUSE_NOT_GATED
            : metric == Metric.POOL_WAIT
                ? POOL_WAIT_NOT_GATED
                : tailStarved(metric, baseline, current);
    String coarse = paired ? null : withinResolution(metric, first.unit(), baseline, current);
    if (coarse != null) {
      // A whole-millisecond percentile that moved by one step says nothing either way.
      starved = starved == null ? coarse : coarse + "; " + starved;
    }
    if (starved != null) {
      // Reported, not tested: it leaves the Holm family (p = NaN) and never fails a build.
      // Untested,
      // a change beyond the limit is one the runs cannot tell from none: inconclusive, not noisy
      // (noisy is a tested estimate beyond the limit that missed significance).
      status = status == Status.UNCHANGED ? status : Status.INCONCLUSIVE;
      change =
          new Change(
              change.pct(),
              change.ciLowPct(),
              change.ciHighPct(),
              Double.NaN,
              change.method() + "; not gating: " + starved);
    }
    return new Verdict(
        first.name(),
        metric,
        first.unit(),
        first.direction(),
        status,
        baseValue,
        curValue,
        change.pct(),
        change.ciLowPct(),
        change.ciHighPct(),
        change.pValue(),
        limit,
        nb,
        nc,
        change.method());
  }

  /**
   * Why a window's GC pause total is reported, not gated: in a 30 s window it is zero or one or two
   * young collections (0 vs 3 ms read as +600% in a local run on an idle service), so it says which
   * run a collection fell into, not what the code costs; the run's validity already checks the GC
   * share of the window.
   */
  /**
   * Why an unpaired comparison of a whole-millisecond percentile cannot tell anything: every run's
   * value is a whole number of ms and all lie within one step of each other (1 ms vs 2 ms is +100%
   * or nothing at all: Gatling records whole milliseconds). Null when the rule does not apply. The
   * gate's paired rounds are exempt: a shift of one step in every round is a consistent signal.
   */
  static String withinResolution(
      Metric metric, String unit, List<Measurement> baseline, List<Measurement> current) {
    if (!Units.MS.equals(unit) || !metric.isPercentile()) {
      return null;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<Measurement> side : List.of(baseline, current)) {
      for (Measurement m : side) {
        double v = m.value();
        if (!Double.isFinite(v) || v != Math.rint(v)) {
          return null;
        }
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return hi - lo <= 1
        ? String.format(
            Locale.ROOT,
            "every run within one step of Gatling's whole-ms resolution (%.0f-%.0f ms)",
            lo,
            hi)
        : null;
  }

  static final String GC_PAUSE_NOT_GATED =
      "a window's GC pause total is a validity check (its GC share), not a cost per request";

  /**
   * Why the DB pool's wait is reported, not gated: at the gate's load it is HikariCP's own borrow
   * (validation of a connection idle for a while included), 0.06-0.17 ms, and it moved by -62% and
   * +114% between the two platforms of gates whose builds were the same at the DB layer.
   */
  static final String POOL_WAIT_NOT_GATED =
      "the DB pool's wait is a per-JVM figure at this load (-62% to +114% between identical"
          + " builds), reported, not a cost of the code";

  /** How a verdict on a measurement without a valid value starts its method. */
  public static final String NO_VALUE = "no valid value";

  /**
   * Which side holds a value or observation that is not a finite number (NaN, infinite), or null
   * when both are fine. Readers refuse such input; this guards runs stored before they did.
   */
  static String withoutValue(List<Measurement> baseline, List<Measurement> current) {
    for (List<Measurement> side : List.of(baseline, current)) {
      for (Measurement m : side) {
        boolean bad = !Double.isFinite(m.value());
        if (m.samples() instanceof Samples.Observations o) {
          bad |= Arrays.stream(o.values()).anyMatch(v -> !Double.isFinite(v));
        }
        if (bad) {
          return (side == baseline ? "the baseline" : "the current")
              + " holds a value that is not a finite number, so the gate fails"
              + " until that run is measured again or marked invalid";
        }
      }
    }
    return null;
  }

  /**
   * Fewest observations beyond a percentile for it to be gated. A p99 of 250 response times is the
   * third-largest of them: one stall moves it by 2-4x between identical runs (the gate's A/A runs
   * showed exactly that), so testing it only adds noise to the Holm family and hides real changes.
   */
  static final int MIN_TAIL_OBSERVATIONS = 10;

  /**
   * Why a percentile rests on too few observations to gate, or null when it is fine (or not a
   * percentile, or the sample sizes are unknown).
   */
  static String tailStarved(Metric metric, List<Measurement> baseline, List<Measurement> current) {
    if (!metric.isPercentile()) {
      return null;
    }
    long fewest = Long.MAX_VALUE;
    for (List<Measurement> side : List.of(baseline, current)) {
      for (Measurement m : side) {
        if (!(m.samples() instanceof Samples.Distribution d) || d.size() == 0) {
          return null;
        }
        fewest = Math.min(fewest, d.size());
      }
    }
    double tail = fewest * (1 - metric.quantile());
    if (tail >= MIN_TAIL_OBSERVATIONS) {
      return null;
    }
    return String.format(
        java.util.Locale.ROOT,
        "%s of %d samples rests on %.0f beyond it (gated from %d)",
        metric.id(),
        fewest,
        Math.floor(tail),
        MIN_TAIL_OBSERVATIONS);
  }

  private Change withinRun(Metric metric, String unit, Samples b, Samples c) {
    double conf = config.confidence();
    if (b instanceof Samples.Distribution db && c instanceof Samples.Distribution dc) {
      if (db.size() == 0 || dc.size() == 0) {
        throw new IllegalArgumentException("no samples");
      }
      return metric.isPercentile()
          ? SignificanceTests.quantileShift(db, dc, metric.quantile(), conf)
          : SignificanceTests.meanShift(db, dc, conf);
    }
    if (b instanceof Samples.Observations ob && c instanceof Samples.Observations oc) {
      double offset = Units.REQ_PER_S.equals(unit) ? 0.5 : 0;
      return SignificanceTests.observations(ob.values(), oc.values(), conf, offset);
    }
    if (b instanceof Samples.Proportion pb && c instanceof Samples.Proportion pc) {
      return SignificanceTests.proportions(pb, pc, conf);
    }
    throw new IllegalArgumentException("the two runs record different kinds of samples");
  }

  /** Status from the estimate (beyond the limit?) and the p-value (significant?). */
  Status status(Direction direction, Change change, double limit) {
    double worsening = direction == Direction.LOWER_IS_BETTER ? change.pct() : -change.pct();
    boolean significant = change.pValue() < config.alpha();
    if (!significant && spansBothSides(change, limit)) {
      return Status.INCONCLUSIVE;
    }
    if (worsening > limit) {
      return significant ? Status.REGRESSION : Status.NOISY;
    }
    if (-worsening > limit) {
      return significant ? Status.IMPROVEMENT : Status.NOISY;
    }
    return Status.UNCHANGED;
  }

  /**
   * The interval reaches beyond the limit on both sides (for example [-60%, +90%] at 10%): whatever
   * the estimate, the runs say nothing about the direction, so calling it unchanged or noisy would
   * claim more than they hold. The limit is symmetric, so direction does not matter here.
   */
  static boolean spansBothSides(Change change, double limit) {
    return change.ciLowPct() < -limit && change.ciHighPct() > limit;
  }

  /**
   * The tests estimate on offset logs; report the plain ratio of the values shown, moving the
   * interval with it, so that "12.4 ms vs 10.1 ms (+22.8%)" always adds up.
   */
  private static Change recentre(Change c, double base, double cur) {
    if (!(base > 0) || !Double.isFinite(cur)) {
      return c;
    }
    double ratio = cur / base;
    double factor = ratio / (1 + c.pct() / 100);
    if (!Double.isFinite(factor)) {
      return new Change((ratio - 1) * 100, Double.NaN, Double.NaN, c.pValue(), c.method());
    }
    return new Change(
        (ratio - 1) * 100,
        ((1 + c.ciLowPct() / 100) * factor - 1) * 100,
        ((1 + c.ciHighPct() / 100) * factor - 1) * 100,
        c.pValue(),
        c.method());
  }

  /**
   * A measurement the tests cannot handle (no samples, non-positive values) is never significant.
   */
  private static Change safely(java.util.function.Supplier<Change> test) {
    try {
      return test.get();
    } catch (IllegalArgumentException e) {
      return new Change(Double.NaN, Double.NaN, Double.NaN, 1.0, "not testable: " + e.getMessage());
    }
  }

  private static Samples.Proportion pooled(List<Measurement> ms) {
    Samples.Proportion sum = new Samples.Proportion(0, 0);
    for (Measurement m : ms) {
      if (m.samples() instanceof Samples.Proportion p) {
        sum = sum.plus(p);
      }
    }
    return sum;
  }

  /**
   * The observations of the i-th baseline and i-th current run, j-th with j-th, flattened over the
   * runs; null unless both sides have the same number of runs, every pair of runs equally many
   * observations (two or more), and four or more pairs in all.
   */
  static double[][] iterationPairs(List<Measurement> baseline, List<Measurement> current) {
    if (baseline.size() != current.size()) {
      return null;
    }
    List<Double> b = new ArrayList<>();
    List<Double> c = new ArrayList<>();
    for (int i = 0; i < baseline.size(); i++) {
      if (!(baseline.get(i).samples() instanceof Samples.Observations ob)
          || !(current.get(i).samples() instanceof Samples.Observations oc)
          || ob.values().length != oc.values().length
          || ob.values().length < 2) {
        return null;
      }
      for (int j = 0; j < ob.values().length; j++) {
        b.add(ob.values()[j]);
        c.add(oc.values()[j]);
      }
    }
    if (b.size() < 4) {
      return null;
    }
    return new double[][] {
      b.stream().mapToDouble(Double::doubleValue).toArray(),
      c.stream().mapToDouble(Double::doubleValue).toArray()
    };
  }

  private static Change relabel(Change c, String method) {
    return new Change(c.pct(), c.ciLowPct(), c.ciHighPct(), c.pValue(), method);
  }

  private static double[] values(List<Measurement> ms) {
    double[] out = new double[ms.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ms.get(i).value();
    }
    return out;
  }

  private static Map<String, List<Measurement>> byKey(List<Run> runs) {
    Map<String, List<Measurement>> out = new LinkedHashMap<>();
    for (Run r : runs) {
      for (Measurement m : r.measurements()) {
        out.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
      }
    }
    return out;
  }

  /** Runs of different suites share at most a total: comparing them says nothing. */
  static void checkSameSuite(List<Run> baseline, List<Run> current) throws ComparisonException {
    Run ref = current.get(0);
    List<Run> all = new ArrayList<>(current);
    all.addAll(baseline);
    for (Run r : all) {
      if (!r.suite().equals(ref.suite())) {
        String side = baseline.contains(r) ? "baseline" : "current";
        throw new ComparisonException(
            "The "
                + side
                + " run "
                + label(r)
                + " is of suite '"
                + r.suite()
                + "' but the current run "
                + label(ref)
                + " of suite '"
                + ref.suite()
                + "': they share no measurement worth comparing.");
      }
    }
  }

  /** Refuses runs from different machines or JDKs: their difference is not the code's. */
  static void checkSameMachine(List<Run> baseline, List<Run> current) throws ComparisonException {
    Run ref = current.get(0);
    List<Run> all = new ArrayList<>(current);
    all.addAll(baseline);
    for (Run r : all) {
      if (!r.machine().equals(ref.machine()) || !r.jdk().equals(ref.jdk())) {
        String side = baseline.contains(r) ? "baseline" : "current";
        throw new ComparisonException(
            "The "
                + side
                + " run "
                + label(r)
                + " was measured on machine '"
                + r.machine()
                + "' with JDK '"
                + r.jdk()
                + "' but the current run "
                + label(ref)
                + " on machine '"
                + ref.machine()
                + "' with JDK '"
                + ref.jdk()
                + "'; pass --allow-cross-machine to compare them anyway.");
      }
    }
  }

  /** The file a run was read from, else its id. */
  public static String label(Run r) {
    return r.provenance().getOrDefault("input", r.id());
  }

  private static String labels(List<Run> runs) {
    Set<String> out = new LinkedHashSet<>();
    runs.forEach(r -> out.add(label(r)));
    return out.size() == 1 ? out.iterator().next() : out.toString();
  }

  private static String sample(Set<String> keys) {
    if (keys.isEmpty()) {
      return "nothing";
    }
    List<String> first = keys.stream().limit(3).toList();
    String s = String.join(", ", first);
    return keys.size() > 3 ? s + " and " + (keys.size() - 3) + " more" : s;
  }
}
