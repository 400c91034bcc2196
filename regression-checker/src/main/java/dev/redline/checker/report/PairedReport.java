package dev.redline.checker.report;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.decide.Detectable;
import dev.redline.checker.decide.Status;
import dev.redline.checker.ingest.service.ServiceMetrics;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The calibration of paired rounds as a person reads it: the goal table first (service time p50 and
 * CPU per request of every route, the measurements the gate's sensitivity is promised on), then
 * what is too noisy to gate; the Markdown file holds every measurement.
 */
public record PairedReport(
    Run first,
    List<Detectable.Row> rows,
    Comparison aa,
    DecisionConfig cfg,
    int family,
    double power,
    double goalPct,
    int forks) {

  /** The goal's measurements, in the table's column order. */
  static final List<Metric> GOAL_METRICS = List.of(Metric.P50, Metric.CPU, Metric.CPU_P50);

  /** Names listed on the console among the too noisy; the Markdown lists all. */
  static final int CONSOLE_NOISY_NAMES = 8;

  public String console() {
    StringBuilder sb = new StringBuilder();
    sb.append(header()).append("\n\n");
    goalTable(sb, false);
    betweenJvms(sb);
    tooNoisy(sb, CONSOLE_NOISY_NAMES);
    return sb.toString();
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder("## Redline calibration\n\n").append(header());
    sb.append("\n\n### The goal: service time p50 and CPU per request, every route\n\n");
    goalTable(sb, true);
    sb.append("\n### Between JVM pairs\n\n");
    betweenJvms(sb);
    sb.append("\n### Every measurement\n\n");
    sb.append(
        "| measurement | rounds | median | ratio noise (sd) | JVM-pair sd | estimate sd | MDE |"
            + " caught 80% from | limit | status |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Detectable.Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.2f %s | %.1f%% | %s | %.1f%% | %.1f%% | %+.1f%% | %.0f%% | %s |%n",
              r.key(),
              r.rounds(),
              r.median(),
              r.unit(),
              r.sdPct(),
              Double.isNaN(r.jvmSdPct()) ? "-" : String.format(Locale.ROOT, "%.1f%%", r.jvmSdPct()),
              r.estimateSdPct(),
              r.mdePct(),
              r.caughtPct(),
              r.limitPct(),
              r.gateable() ? "gateable" : "TOO NOISY"));
    }
    tooNoisy(sb, Integer.MAX_VALUE);
    return sb.toString();
  }

  private String header() {
    int n = rows.isEmpty() ? 0 : rows.get(0).rounds();
    return String.format(
        Locale.ROOT,
        "Calibration of %s (profile %s) from %d paired A/A rounds: the gate's paired t-test on"
            + " per-round log ratios, alpha %.2f over a Holm family of %d (alpha/%d = %.5f at its"
            + " first step), power %.0f%%. MDE: the smallest change the test detects; 'caught"
            + " from': the smallest worsening that fails the gate (significant and beyond the"
            + " limit) %.0f%% of the time.%nA/A verdicts with the gate's rule: %d regression(s), %d"
            + " noisy, %d inconclusive, %d unchanged of %d.",
        first.suite(),
        first.profile(),
        n,
        cfg.alpha(),
        family,
        Math.max(1, family),
        cfg.alpha() / Math.max(1, family),
        power * 100,
        power * 100,
        aa.count(Status.REGRESSION),
        aa.count(Status.NOISY),
        aa.count(Status.INCONCLUSIVE),
        aa.count(Status.UNCHANGED),
        aa.verdicts().size());
  }

  private void goalTable(StringBuilder sb, boolean md) {
    Map<String, Detectable.Row[]> byRoute = new TreeMap<>();
    for (Detectable.Row r : rows) {
      if (!isGoal(r)) {
        continue;
      }
      int col = GOAL_METRICS.indexOf(r.metric());
      String name = r.key().substring(0, r.key().length() - r.metric().id().length() - 1);
      byRoute
              .computeIfAbsent(
                  name.substring(ServiceMetrics.PREFIX.length()),
                  k -> new Detectable.Row[GOAL_METRICS.size()])[col] =
          r;
    }
    int met = 0;
    int all = 0;
    int width = byRoute.keySet().stream().mapToInt(String::length).max().orElse(10) + 2;
    if (md) {
      sb.append("| route | time p50: MDE (rounds for ").append(fmt(goalPct)).append(")");
      sb.append(" | CPU mean: MDE (rounds) | CPU p50: MDE (rounds) |\n|---|---:|---:|---:|\n");
    } else {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-" + (width + 2) + "s %-18s %-18s %-18s%n",
              "MDE (rounds for " + fmt(goalPct) + ")",
              "time p50",
              "CPU mean",
              "CPU p50"));
    }
    for (Map.Entry<String, Detectable.Row[]> e : byRoute.entrySet()) {
      StringBuilder line = new StringBuilder();
      for (Detectable.Row r : e.getValue()) {
        String cell;
        if (r == null) {
          cell = "-";
        } else {
          all++;
          boolean ok = r.mdePct() <= goalPct;
          met += ok ? 1 : 0;
          cell =
              String.format(
                  Locale.ROOT,
                  "%s (%s)%s",
                  fmt(r.mdePct()),
                  r.roundsForGoal() == 0 ? ">1000" : Integer.toString(r.roundsForGoal()),
                  ok ? "" : " *");
        }
        line.append(md ? " | " + cell : String.format(Locale.ROOT, " %-18s", cell));
      }
      sb.append(
          md
              ? "| " + e.getKey() + line + " |\n"
              : String.format(Locale.ROOT, "  %-" + width + "s%s%n", e.getKey(), line));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%s%d of %d figures meet the goal (MDE <= %s) with %d rounds; * marks the others.%n",
            md ? "\n" : "",
            met,
            all,
            fmt(goalPct),
            rows.isEmpty() ? 0 : rows.get(0).rounds()));
  }

  /**
   * What the spread between JVM pairs does to the limit, for the goal's measurements: how often a
   * change of half the limit is estimated beyond it (the gate-proof's {@code cpu:5}) and a change
   * of 1.2 times the limit below it (its {@code cpu:12}), with the estimate's spread at these
   * rounds and forks. One fork cannot measure it, which is said.
   */
  private void betweenJvms(StringBuilder sb) {
    if (forks < 2) {
      sb.append(
          "One JVM pair: the spread between pairs is not measured; each pair's own bias is in the"
              + " gate's estimate whole (--forks 4 measures it).\n");
      return;
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%d JVM pairs: 'JVM sd' is how far a pair's mean ratio moves beyond what its rounds"
                + " explain; 'estimate sd' the gate's estimate with these %d rounds on %d pairs;"
                + " then how often a change of half the limit is estimated beyond it and one of"
                + " 1.2 times the limit below it.%n",
            forks,
            rows.isEmpty() ? 0 : rows.get(0).rounds(),
            forks));
    NormalDistribution normal = NormalDistribution.of(0, 1);
    for (Detectable.Row r : rows) {
      if (!isGoal(r)) {
        continue;
      }
      double se = r.estimateSdPct() / 100;
      double limit = Math.log1p(r.limitPct() / 100);
      double over = 1 - normal.cumulativeProbability((limit - Math.log1p(r.limitPct() / 200)) / se);
      double under = normal.cumulativeProbability((limit - Math.log1p(r.limitPct() * 0.012)) / se);
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-56s JVM sd %5.1f%%  estimate sd %4.1f%%  +%s beyond: %3.0f%%  +%s below: %3.0f%%%n",
              r.key().substring(ServiceMetrics.PREFIX.length()),
              r.jvmSdPct(),
              r.estimateSdPct(),
              fmt(r.limitPct() / 2),
              over * 100,
              fmt(r.limitPct() * 1.2),
              under * 100));
    }
  }

  /** One of the goal's measurements: the service's time p50 or CPU per request of an API route. */
  private static boolean isGoal(Detectable.Row r) {
    return GOAL_METRICS.contains(r.metric())
        && r.key().startsWith(ServiceMetrics.PREFIX)
        && r.key().contains("/api/");
  }

  private void tooNoisy(StringBuilder sb, int names) {
    List<Detectable.Row> noisy = rows.stream().filter(r -> !r.gateable()).toList();
    sb.append(
        String.format(
            Locale.ROOT,
            "%d of %d measurements are too noisy to gate at their limit (MDE above it)%s%n",
            noisy.size(),
            rows.size(),
            noisy.isEmpty() ? "." : ":"));
    for (Detectable.Row r : noisy.subList(0, Math.min(names, noisy.size()))) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %s: MDE %s, limit %s%n",
              r.key(),
              fmt(r.mdePct()),
              fmt(r.limitPct())));
    }
    if (noisy.size() > names) {
      sb.append("  ... and ").append(noisy.size() - names).append(" more (all in the Markdown)\n");
    }
  }

  private static String fmt(double pct) {
    if (pct > 1000) {
      return ">1000%";
    }
    return String.format(Locale.ROOT, pct < 10 ? "%.1f%%" : "%.0f%%", pct);
  }
}
