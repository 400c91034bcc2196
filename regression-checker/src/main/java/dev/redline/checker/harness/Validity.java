package dev.redline.checker.harness;

import dev.redline.checker.ingest.gatling.GatlingRun;
import dev.redline.checker.ingest.gatling.SecondWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a measured window may be trusted (and so serve as a baseline): the load arrived at the
 * intended rate, the injector had CPU to spare, few requests failed, the service did not spend the
 * window in GC, and the per-second median stayed level. Each figure is kept (it goes into the run's
 * results), and each failed rule gives one short reason.
 *
 * @param intendedRps arrivals per second the open model asked for
 * @param achievedRps users Gatling started per second of the window
 * @param injectorCpu the injector's CPU time as a share of the machine (all cores), 0..1
 * @param errorPercent failed requests, percent of all
 * @param gcPercent the service's GC pause time, percent of the window (NaN when not scraped)
 * @param p50Drift change of the per-second p50 from the window's first third to its last, ms
 * @param p50Ms the window's median of the per-second p50, ms
 * @param reasons why the run is invalid; empty when it is valid
 */
public record Validity(
    double intendedRps,
    double achievedRps,
    double injectorCpu,
    double errorPercent,
    double gcPercent,
    double p50Drift,
    double p50Ms,
    List<String> reasons) {

  /** Achieved rate below this share of the intended one: the load was not what was asked. */
  public static final double MIN_RATE_SHARE = 0.95;

  /** Injector CPU above this share of the machine: it competed with the service for the CPUs. */
  public static final double MAX_INJECTOR_CPU = 0.5;

  /** More failed requests than this (percent): the run measured failures, not the service. */
  public static final double MAX_ERROR_PERCENT = 1.0;

  /** More GC pause than this (percent of the window): the heap, not the code, set the figures. */
  public static final double MAX_GC_PERCENT = 10.0;

  /**
   * The per-second p50 may move by this share of itself between the first and last third, or by
   * {@link #DRIFT_FLOOR_MS} (Gatling's whole-millisecond resolution), whichever is larger.
   */
  public static final double MAX_DRIFT_SHARE = 0.25;

  public static final double DRIFT_FLOOR_MS = 2.0;

  public Validity {
    reasons = List.copyOf(reasons);
  }

  public boolean valid() {
    return reasons.isEmpty();
  }

  /** The reasons in one line, or {@code valid}. */
  public String summary() {
    return valid() ? "valid" : "invalid: " + String.join("; ", reasons);
  }

  /**
   * Judges a window.
   *
   * @param window the measured Gatling run
   * @param intendedRps what the open model asked for
   * @param seconds the window's intended length
   * @param injectorCpu the injector JVM's CPU time during the window as a share of the machine's
   *     CPUs, 0..1 (NaN when unknown)
   * @param gcPauseSeconds the service's GC pause time during the window (NaN when not scraped)
   */
  public static Validity judge(
      GatlingRun window,
      double intendedRps,
      int seconds,
      double injectorCpu,
      double gcPauseSeconds) {
    long started = window.users().values().stream().mapToLong(GatlingRun.UserCount::started).sum();
    double achieved = started / (double) Math.max(1, seconds);
    double errors = window.total().count() == 0 ? 100 : window.total().errorRate() * 100;
    double gc = gcPauseSeconds / Math.max(1, seconds) * 100;
    double[] drift = p50Drift(window.windows());
    return judge(intendedRps, achieved, injectorCpu, errors, gc, drift[0], drift[1]);
  }

  /** The rules on figures already computed (unit-tested on their own). */
  static Validity judge(
      double intendedRps,
      double achievedRps,
      double injectorCpu,
      double errorPercent,
      double gcPercent,
      double p50Drift,
      double p50Ms) {
    List<String> why = new ArrayList<>();
    if (achievedRps < MIN_RATE_SHARE * intendedRps) {
      why.add(
          String.format(
              Locale.ROOT,
              "arrivals %.1f/s of the %.1f/s intended (the injector or the machine fell behind)",
              achievedRps,
              intendedRps));
    }
    if (injectorCpu > MAX_INJECTOR_CPU) {
      why.add(
          String.format(
              Locale.ROOT,
              "the injector used %.0f%% of the machine's CPU (limit %.0f%%)",
              injectorCpu * 100,
              MAX_INJECTOR_CPU * 100));
    }
    if (errorPercent > MAX_ERROR_PERCENT) {
      why.add(String.format(Locale.ROOT, "%.1f%% of the requests failed", errorPercent));
    }
    if (gcPercent > MAX_GC_PERCENT) {
      why.add(String.format(Locale.ROOT, "GC pauses took %.0f%% of the window", gcPercent));
    }
    if (Math.abs(p50Drift) > Math.max(DRIFT_FLOOR_MS, MAX_DRIFT_SHARE * p50Ms)) {
      why.add(
          String.format(
              Locale.ROOT,
              "not steady: the per-second p50 moved %+.1f ms across the window (median %.1f ms)",
              p50Drift,
              p50Ms));
    }
    return new Validity(
        intendedRps, achievedRps, injectorCpu, errorPercent, gcPercent, p50Drift, p50Ms, why);
  }

  /**
   * {drift, median}: the median of the per-second p50s of the window's last third minus that of its
   * first third, and the median of all of them, in ms. Seconds without a successful response are
   * left out; {0, NaN} with fewer than three seconds.
   */
  static double[] p50Drift(List<SecondWindow> seconds) {
    double[] p50 =
        seconds.stream()
            .filter(w -> w.ok() > 0)
            .mapToDouble(w -> w.okTimesMs().quantile(0.5))
            .toArray();
    if (p50.length < 3) {
      return new double[] {0, Double.NaN};
    }
    int third = p50.length / 3;
    double first = median(Arrays.copyOfRange(p50, 0, third));
    double last = median(Arrays.copyOfRange(p50, p50.length - third, p50.length));
    return new double[] {last - first, median(p50)};
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** The figures as {@code validity.*} properties, for the run's results. */
  public Map<String, String> properties() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("validity.intendedRps", fmt(intendedRps));
    m.put("validity.achievedRps", fmt(achievedRps));
    m.put("validity.injectorCpuPercent", fmt(injectorCpu * 100));
    m.put("validity.errorPercent", fmt(errorPercent));
    m.put("validity.gcPercent", fmt(gcPercent));
    m.put("validity.p50DriftMs", fmt(p50Drift));
    m.put("validity.p50Ms", fmt(p50Ms));
    m.put("validity", summary());
    return m;
  }

  /** The figures in one line for the console. */
  public String figures() {
    return String.format(
        Locale.ROOT,
        "arrivals %.1f/%.1f per s, injector CPU %.0f%%, errors %.2f%%, GC %s, p50 drift %+.1f ms",
        achievedRps,
        intendedRps,
        injectorCpu * 100,
        errorPercent,
        Double.isNaN(gcPercent) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", gcPercent),
        p50Drift);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.3f", v);
  }
}
