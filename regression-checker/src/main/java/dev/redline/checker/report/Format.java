package dev.redline.checker.report;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.Decider;
import dev.redline.checker.decide.Status;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Units;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Number and message formatting shared by every report. */
public final class Format {
  private Format() {}

  /** {@code 12.4 ms}, {@code 1.23 %}, {@code 3,456 ops/s}: about four significant digits. */
  public static String value(double v, String unit) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    String number;
    double a = Math.abs(v);
    if (a >= 1000) {
      number = String.format(Locale.ROOT, "%,.0f", v);
    } else if (a >= 100) {
      number = String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 10) {
      number = String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 1 || a == 0) {
      number = String.format(Locale.ROOT, "%.2f", v);
    } else {
      number = String.format(Locale.ROOT, "%.3g", v);
    }
    return Units.PERCENT.equals(unit) ? number + "%" : number + " " + unit;
  }

  /** {@code +22.8%}, or {@code +2.00 pp} for error rate. */
  public static String change(Verdict v) {
    return signed(v.changePct(), v.absolute());
  }

  /** {@code [+18.0%, +27.9%]}. */
  public static String ci(Verdict v) {
    if (!Double.isFinite(v.ciLowPct()) || !Double.isFinite(v.ciHighPct())) {
      return "n/a";
    }
    return "["
        + signed(v.ciLowPct(), v.absolute())
        + ", "
        + signed(v.ciHighPct(), v.absolute())
        + "]";
  }

  /** The limit in the bad direction: {@code +10%} for latency, {@code -10%} for throughput. */
  public static String limit(Verdict v) {
    double l = v.direction() == Direction.LOWER_IS_BETTER ? v.thresholdPct() : -v.thresholdPct();
    if (v.absolute()) {
      return String.format(Locale.ROOT, "%+.1f pp", l);
    }
    return (l == Math.rint(l)
            ? String.format(Locale.ROOT, "%+.0f", l)
            : String.format(Locale.ROOT, "%+.1f", l))
        + "%";
  }

  /** {@code p=0.002}, {@code p<0.001}, {@code p=n/a}. */
  public static String p(double p) {
    if (!Double.isFinite(p)) {
      return "p=n/a";
    }
    return p < 0.001 ? "p<0.001" : String.format(Locale.ROOT, "p=%.3f", p);
  }

  /** The p-value for a table column: {@code 0.002}, {@code <0.001}, {@code n/a}. */
  public static String pColumn(double p) {
    String full = p(p);
    return full.startsWith("p<") ? full.substring(1) : full.substring(2);
  }

  private static String signed(double x, boolean absolute) {
    if (!Double.isFinite(x)) {
      return "n/a";
    }
    return absolute
        ? String.format(Locale.ROOT, "%+.2f pp", x)
        : String.format(Locale.ROOT, "%+.1f%%", x);
  }

  /**
   * {@code REGRESSION GET /dashboard/stats p95: 12.4 ms vs baseline 10.1 ms (+22.8%, limit +10%,
   * p=0.002)}.
   */
  public static String message(Verdict v) {
    return v.status().name()
        + " "
        + v.key()
        + ": "
        + value(v.current(), v.unit())
        + " vs baseline "
        + value(v.baseline(), v.unit())
        + " ("
        + change(v)
        + ", limit "
        + limit(v)
        + ", "
        + p(v.pValue())
        + ")"
        + (v.method().startsWith(Decider.NO_VALUE) ? ": " + v.method() : "");
  }

  /**
   * Regressions first, then noisy, inconclusive, improvements, unchanged; larger change first
   * within each.
   */
  public static List<Verdict> ordered(Comparison c) {
    return c.verdicts().stream()
        .sorted(
            Comparator.comparing((Verdict v) -> v.status().ordinal())
                .thenComparing(v -> -Math.abs(Double.isFinite(v.changePct()) ? v.changePct() : 0)))
        .toList();
  }

  /**
   * {@code FAIL: 1 regression(s), 2 noisy, 3 inconclusive, 0 improvement(s), 14 unchanged (20
   * measurements)}.
   */
  public static String summary(Comparison c) {
    return (c.failed() ? "FAIL" : "PASS")
        + ": "
        + c.count(Status.REGRESSION)
        + " regression(s), "
        + c.count(Status.NOISY)
        + " noisy, "
        + c.count(Status.INCONCLUSIVE)
        + " inconclusive, "
        + c.count(Status.IMPROVEMENT)
        + " improvement(s), "
        + c.count(Status.UNCHANGED)
        + " unchanged ("
        + c.verdicts().size()
        + " measurements)";
  }

  /** {@code 3 baseline runs vs 3 current runs (ab), limit 10%, alpha 0.05}. */
  public static String header(Comparison c) {
    return String.format(
        Locale.ROOT,
        "%d baseline run(s) vs %d current run(s), baseline mode %s, default limit %s%%, error budget %s pp, alpha %s",
        c.baseline().size(),
        c.current().size(),
        c.mode(),
        trim(c.config().thresholdPct()),
        trim(c.config().errorBudgetPp()),
        trim(c.config().alpha()));
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
