package dev.redline.checker.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The unrecorded warm-up of a platform: the PR suite at a steady arrival rate until the service's
 * CPU time per request has settled on every {@code /api/} route with 50 or more requests in a
 * window (a window within the tolerance of the one two windows before it) or the time is up. After
 * a fixed 45 s the service's CPU per request still fell by a quarter over the next rounds, and that
 * drift was read as differences between base and head; this waits for the JIT instead.
 *
 * @param rps arrival rate, users/s, reached at the end of a ramp over {@code minSeconds} from a
 *     fifth of it ({@code REDLINE_WARMUP_RPS}, default 100). A JVM not yet compiled spends 5-10 ms
 *     of CPU on a request it later serves in 1 ms: two platforms warmed at 100/s from the start
 *     kept a 2-core machine at a load average of 40-80, the JIT's compiler threads starved among
 *     the queued requests, and the platforms were still 25-30% dearer in the first rounds than in
 *     the last. At a constant 40/s they were steady after 134-175 s, too long for a 10-minute gate;
 *     with the ramp to 100/s, after 155 s, 3.6-5.5% dearer in the first rounds
 * @param minSeconds shortest warm-up, and the ramp's length ({@code REDLINE_WARMUP_MIN_SECONDS},
 *     default 60)
 * @param maxSeconds longest warm-up ({@code REDLINE_WARMUP_SECONDS}, default 120)
 * @param windowSeconds length of the windows compared ({@code REDLINE_WARMUP_WINDOW}, default 10)
 * @param tolerance largest relative change between two windows that counts as steady ({@code
 *     REDLINE_WARMUP_TOLERANCE}, default 0.10: a route of 100 requests in a window moves by 5-8%
 *     between windows on its own)
 */
public record WarmUp(int rps, int minSeconds, int maxSeconds, int windowSeconds, double tolerance) {
  static final long SETTLE_MILLIS = 5_000;

  /**
   * The PR suite's ramp: its rate rises from a fifth of {@link #rps} over the first {@link
   * #minSeconds}, while the JIT compiles the hottest code, then holds.
   */
  static final String RAMP_PROPERTY = "pr.rampSeconds";

  /** Requests a route needs in a window for its CPU per request to count towards steadiness. */
  static final int MIN_REQUESTS = 50;

  public static WarmUp fromEnvironment() {
    return new WarmUp(
        Integer.parseInt(Platform.envOr("REDLINE_WARMUP_RPS", "100")),
        Integer.parseInt(Platform.envOr("REDLINE_WARMUP_MIN_SECONDS", "60")),
        Integer.parseInt(Platform.envOr("REDLINE_WARMUP_SECONDS", "120")),
        Integer.parseInt(Platform.envOr("REDLINE_WARMUP_WINDOW", "10")),
        Double.parseDouble(Platform.envOr("REDLINE_WARMUP_TOLERANCE", "0.10")));
  }

  /**
   * Warms every platform at the same time and stops them together: when all of them are steady (or
   * out of time), so that no side is measured less warm than the other. A base that passed the test
   * at 62 s while its head warmed on to 120 s came out 20-33% dearer than a head that burnt 12%
   * more CPU.
   */
  public void run(
      List<Platform> platforms, Checkout simulations, Path work, int users, Progress progress) {
    run(
        platforms,
        simulations,
        work,
        LoadRun.PR_SIMULATION,
        p -> {
          Map<String, String> props =
              new java.util.LinkedHashMap<>(
                  LoadRun.properties(p, rps, maxSeconds, users, WARM_UP_SEED));
          props.put(RAMP_PROPERTY, Integer.toString(Math.min(minSeconds, maxSeconds)));
          return props;
        },
        progress);
  }

  /**
   * The same with another simulation: {@code properties} gives each platform's {@code -D} settings,
   * which must keep the simulation running for {@link #maxSeconds} (it is stopped when steady).
   */
  public void run(
      List<Platform> platforms,
      Checkout simulations,
      Path work,
      String simulation,
      java.util.function.Function<Platform, Map<String, String>> properties,
      Progress progress) {
    Map<String, Boolean> steady = new java.util.concurrent.ConcurrentHashMap<>();
    platforms.forEach(p -> steady.put(p.name(), false));
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Platform p : platforms) {
      all.add(
          CompletableFuture.runAsync(
              () ->
                  one(
                      p,
                      simulations,
                      work.resolve("warmup-" + p.name()),
                      simulation,
                      properties.apply(p),
                      progress,
                      steady,
                      done)));
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    // Requests the stopped injectors left queued drain before the first measured window starts.
    Platform.sleep(SETTLE_MILLIS);
  }

  /** Every platform warms up on the same request sequence, so none learns another mix. */
  static final long WARM_UP_SEED = 0;

  private void one(
      Platform p,
      Checkout simulations,
      Path out,
      String simulation,
      Map<String, String> properties,
      Progress progress,
      Map<String, Boolean> steadyByName,
      java.util.concurrent.atomic.AtomicBoolean done) {
    Process gatling =
        Gatling.start(
            simulations,
            simulation,
            out,
            "warm-up " + p.name(),
            properties,
            false,
            Path.of(out + ".log"),
            true);
    long started = System.nanoTime();
    try {
      Path previous = out.resolve("w0.prom");
      MetricsScrape.scrape(p.url(), previous);
      // Windows of CPU per request by route, newest last; steadiness compares the newest with the
      // one two windows back, so a slow drift (a few % per window) does not pass for steady.
      List<Map<String, Double>> windows = new ArrayList<>();
      for (int w = 1; gatling.isAlive(); w++) {
        // All warm-ups stop at once, as soon as one of them sees every platform steady.
        for (long t = 0; t < windowSeconds * 1000L && !done.get(); t += 200) {
          Platform.sleep(200);
        }
        if (done.get()) {
          progress.say(
              "  warm-up "
                  + p.name()
                  + ": stopped with the others after "
                  + (System.nanoTime() - started) / 1_000_000_000L
                  + " s");
          return;
        }
        p.requireAlive("its warm-up");
        Path now = out.resolve("w" + w + ".prom");
        if (!MetricsScrape.scrape(p.url(), now)) {
          continue;
        }
        Map<String, Double> cpu = MetricsScrape.apiCpuPerRequest(previous, now, MIN_REQUESTS);
        previous = now;
        long elapsed = (System.nanoTime() - started) / 1_000_000_000L;
        // Steady when every route seen in both windows moved by at most the tolerance: the
        // cheap routes kept getting cheaper after the heavy ones (and so the total) had settled.
        String worst = null;
        double worstChange = 0;
        Map<String, Double> last = windows.size() >= 2 ? windows.get(windows.size() - 2) : Map.of();
        windows.add(cpu);
        for (Map.Entry<String, Double> e : cpu.entrySet()) {
          Double before = last.get(e.getKey());
          if (before != null && !e.getKey().equals("*")) {
            double change = e.getValue() / before - 1;
            if (worst == null || Math.abs(change) > Math.abs(worstChange)) {
              worst = e.getKey();
              worstChange = change;
            }
          }
        }
        boolean steady = worst != null && Math.abs(worstChange) <= tolerance;
        progress.say(
            String.format(
                "  warm-up %s: %d s, CPU per request %.0f us%s",
                p.name(),
                elapsed,
                cpu.getOrDefault("*", Double.NaN) * 1e6,
                worst == null
                    ? ""
                    : String.format(", most moved: %s %+.1f%%", worst, worstChange * 100)));
        steadyByName.put(p.name(), steady && elapsed >= minSeconds);
        if (!steadyByName.containsValue(false)) {
          done.set(true);
          progress.say(
              "  warm-up " + p.name() + ": steady after " + elapsed + " s, and so are the others");
          return;
        }
      }
      progress.warn(
          "warm-up "
              + p.name()
              + ": CPU per request still moved by more than "
              + Math.round(tolerance * 100)
              + "% after "
              + maxSeconds
              + " s; measuring anyway");
    } finally {
      Procs.stop(gatling.toHandle(), 5);
    }
  }
}
