package dev.redline.simulations.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures of the shaped runs, computed from a {@link Timeline} after the run: the capacity knee
 * of a stress ramp, the recovery time after a spike, the p95 drift of a soak.
 */
public final class ShapeAnalysis {

  /** Share of a level's target rate that must actually have started for the level to count. */
  static final double MIN_DELIVERED = 0.9;

  private ShapeAnalysis() {}

  /** One constant-rate level of a stress ramp, and how the platform held it. */
  public record Step(double targetRps, Timeline.Window window, boolean held) {}

  /**
   * The capacity knee: the highest arrival rate whose level, and every level below it, kept p95
   * under {@code p95Ms} and errors under {@code maxErrorPercent}, with at least 90% of the level's
   * arrivals actually started.
   *
   * @param kneeRps the knee in requests per second; 0 when even the first level failed
   * @param saturated whether some level failed (false: the knee is at least the top rate)
   */
  public record Knee(double kneeRps, boolean saturated, List<Step> steps) {

    /**
     * The first level that missed, when it missed because fewer than 90% of its arrivals started:
     * in an open model a slow platform does not hold arrivals back, so the injector (or the machine
     * it shares) was the bottleneck there, and the knee is not the platform's.
     */
    public Optional<Step> injectorSaturated() {
      for (Step s : steps) {
        if (!s.held()) {
          return s.window().rps() < MIN_DELIVERED * s.targetRps()
              ? Optional.of(s)
              : Optional.empty();
        }
      }
      return Optional.empty();
    }

    /** One sentence with the figure, for the console and the figures file. */
    public String describe() {
      if (steps.isEmpty()) {
        return "CAPACITY KNEE: no requests recorded";
      }
      Optional<Step> injector = injectorSaturated();
      if (injector.isPresent()) {
        return String.format(
            Locale.ROOT,
            "CAPACITY KNEE: not measured, the injector saturated first: it started %.1f of the"
                + " %.1f req/s asked (the platform held its targets up to %s)",
            injector.get().window().rps(),
            injector.get().targetRps(),
            kneeRps == 0 ? "no level" : String.format(Locale.ROOT, "%.1f req/s", kneeRps));
      }
      if (!saturated) {
        return String.format(
            Locale.ROOT,
            "CAPACITY KNEE: not reached; held %.1f req/s, the top of the ramp (raise"
                + " -Dstress.steps or -Dstress.stepRps to find it)",
            kneeRps);
      }
      if (kneeRps == 0) {
        return String.format(
            Locale.ROOT,
            "CAPACITY KNEE: below %.1f req/s, the first level already missed its target",
            steps.get(0).targetRps());
      }
      return String.format(Locale.ROOT, "CAPACITY KNEE: %.1f req/s", kneeRps);
    }
  }

  /**
   * Finds the knee of a stepped ramp: level {@code i} runs at {@code startRps + i * stepRps} during
   * {@code [offset + i * stepSeconds, offset + (i + 1) * stepSeconds)} seconds from the first
   * request ({@code offsetSeconds}: the warm-up before the first level).
   */
  public static Knee knee(
      Timeline timeline,
      int offsetSeconds,
      double startRps,
      double stepRps,
      int steps,
      int stepSeconds,
      int p95Ms,
      double maxErrorPercent) {
    List<Step> result = new ArrayList<>();
    double knee = 0;
    boolean saturated = false;
    for (int i = 0; i < steps; i++) {
      double rate = startRps + i * stepRps;
      Timeline.Window w =
          timeline.window(
              offsetSeconds + (double) i * stepSeconds,
              offsetSeconds + (double) (i + 1) * stepSeconds);
      int p95 = w.percentileMs(95);
      // A level the run could not even deliver (the injector shares the machine) is not held.
      boolean delivered = w.rps() >= MIN_DELIVERED * rate;
      boolean held =
          w.count() > 0
              && delivered
              && p95 >= 0
              && p95 < p95Ms
              && w.errorPercent() < maxErrorPercent;
      result.add(new Step(rate, w, held));
      if (!saturated) {
        if (held) {
          knee = rate;
        } else {
          saturated = true;
        }
      }
    }
    return new Knee(knee, saturated, List.copyOf(result));
  }

  /**
   * How long the platform took to get back to its steady p95 after a spike.
   *
   * @param steadyP95Ms p95 of the steady phase before the spike
   * @param thresholdMs the p95 counted as recovered
   * @param recoverySeconds seconds from the spike's end until a window's p95 was back under the
   *     threshold; -1 when it never was before the run ended
   */
  public record Recovery(
      int steadyP95Ms, int spikeP95Ms, int thresholdMs, int recoverySeconds, int observedSeconds) {

    /** One sentence with the figure. */
    public String describe() {
      if (recoverySeconds < 0) {
        return String.format(
            Locale.ROOT,
            "SPIKE RECOVERY: not recovered within %d s (steady p95 %d ms, spike p95 %d ms,"
                + " recovered means p95 <= %d ms)",
            observedSeconds,
            steadyP95Ms,
            spikeP95Ms,
            thresholdMs);
      }
      return String.format(
          Locale.ROOT,
          "SPIKE RECOVERY: %d s to recover the steady p95 (steady p95 %d ms, spike p95 %d ms,"
              + " recovered means p95 <= %d ms)",
          recoverySeconds,
          steadyP95Ms,
          spikeP95Ms,
          thresholdMs);
    }
  }

  /**
   * Measures recovery: steady p95 over {@code [windowSeconds, steadySeconds)} (the first window is
   * warm-up), then slides a {@code windowSeconds} window in 1 s steps from the spike's end until
   * its p95 is within {@code tolerancePercent} (or {@code floorMs}, whichever is larger: at a few
   * milliseconds, 10% is below timer resolution) of the steady p95.
   */
  public static Recovery recovery(
      Timeline timeline,
      int steadySeconds,
      int spikeSeconds,
      int recoverySeconds,
      int windowSeconds,
      double tolerancePercent,
      int floorMs) {
    int steady =
        timeline
            .window(Math.min(windowSeconds, steadySeconds / 2.0), steadySeconds)
            .percentileMs(95);
    int spike = timeline.window(steadySeconds, steadySeconds + spikeSeconds).percentileMs(95);
    int threshold =
        (int) Math.max(Math.ceil(steady * (1 + tolerancePercent / 100.0)), steady + floorMs);
    int spikeEnd = steadySeconds + spikeSeconds;
    for (int t = 0; t + windowSeconds <= recoverySeconds; t++) {
      Timeline.Window w = timeline.window(spikeEnd + t, spikeEnd + t + windowSeconds);
      int p95 = w.percentileMs(95);
      if (w.count() > 0 && p95 >= 0 && p95 <= threshold) {
        return new Recovery(steady, spike, threshold, t, recoverySeconds);
      }
    }
    return new Recovery(steady, spike, threshold, -1, recoverySeconds);
  }

  /**
   * The p95 drift of a soak between its first and last window.
   *
   * @param failed whether the last window's p95 exceeded the first's by more than the allowed
   *     percentage and by more than the noise floor
   */
  public record Drift(
      int firstP95Ms,
      int lastP95Ms,
      double changePercent,
      double limitPercent,
      int noiseFloorMs,
      int errors,
      boolean failed) {

    /** One sentence with the figure. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "SOAK DRIFT %s: p95 last window %d ms vs first window %d ms (%+.1f%%, limit +%.1f%%,"
              + " noise floor %d ms), %d errors",
          failed ? "FAILED" : "ok",
          lastP95Ms,
          firstP95Ms,
          changePercent,
          limitPercent,
          noiseFloorMs,
          errors);
    }
  }

  /**
   * Compares the p95 of the first and the last {@code windowSeconds} of a soak that starts after
   * {@code warmupSeconds} (errors count over the whole run, warm-up included).
   */
  public static Drift drift(
      Timeline timeline,
      int warmupSeconds,
      int soakSeconds,
      int windowSeconds,
      double limitPercent,
      int floorMs) {
    Timeline.Window first = timeline.window(warmupSeconds, warmupSeconds + windowSeconds);
    Timeline.Window last =
        timeline.window(warmupSeconds + soakSeconds - windowSeconds, warmupSeconds + soakSeconds);
    Timeline.Window all = timeline.window(0, warmupSeconds + soakSeconds + 3600);
    int p95First = first.percentileMs(95);
    int p95Last = last.percentileMs(95);
    double change = p95First <= 0 ? 0 : 100.0 * (p95Last - p95First) / p95First;
    boolean drifted = change > limitPercent && p95Last - p95First > floorMs;
    boolean empty = first.count() == 0 || last.count() == 0;
    return new Drift(
        p95First,
        p95Last,
        change,
        limitPercent,
        floorMs,
        all.errors(),
        drifted || empty || all.errors() > 0);
  }

  /** A fixed-width table of a stress run's levels, one line each. */
  public static String table(Knee knee) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%10s %10s %8s %8s %8s %8s  %s%n",
            "target/s",
            "actual/s",
            "count",
            "p95 ms",
            "p99 ms",
            "err %",
            "held"));
    for (Step s : knee.steps()) {
      Timeline.Window w = s.window();
      out.append(
          String.format(
              Locale.ROOT,
              "%10.1f %10.1f %8d %8d %8d %8.2f  %s%n",
              s.targetRps(),
              w.rps(),
              w.count(),
              w.percentileMs(95),
              w.percentileMs(99),
              w.errorPercent(),
              s.held() ? "yes" : "NO"));
    }
    return out.toString();
  }
}
