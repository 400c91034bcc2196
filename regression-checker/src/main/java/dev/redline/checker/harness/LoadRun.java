package dev.redline.checker.harness;

import dev.redline.checker.ingest.service.ServiceMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * One PR-suite load run against one platform: the service's metrics scraped at the start, the
 * simulation at a constant arrival rate, the metrics scraped at the end and put beside Gatling's
 * {@code simulation.log} in the run folder (where the checker reads them). Started and finished in
 * two calls, so that the two sides of a duet round run at the same time.
 */
public final class LoadRun implements Gate.Window {
  public static final String PR_SIMULATION = "dev.redline.simulations.PullRequestSimulation";

  /**
   * How much longer than its planned seconds a kept injector's run may take before it is failed.
   */
  static final int PATIENCE_SECONDS = 120;

  private final Platform platform;
  private final Path out;
  private final String label;
  private final Injection gatling;
  private final boolean scraped;
  private final int rps;
  private final int seconds;
  private boolean measuredByService;

  private LoadRun(
      Platform platform,
      Path out,
      String label,
      Injection gatling,
      boolean scraped,
      int rps,
      int seconds) {
    this.platform = platform;
    this.out = out;
    this.label = label;
    this.gatling = gatling;
    this.scraped = scraped;
    this.rps = rps;
    this.seconds = seconds;
  }

  /**
   * A simulation under way, in a JVM of its own or in a kept {@link InjectorJvm}: how to wait for
   * its exit code, how to stop it, and where its output went.
   */
  private record Injection(Exit exit, Runnable stop, Path log) {}

  @FunctionalInterface
  private interface Exit {
    int await() throws InterruptedException;
  }

  /**
   * Scrapes the start of the window and starts the simulation against {@code platform}: in {@code
   * injector} when there is one, else in a new Gatling JVM.
   */
  public static LoadRun start(
      Platform platform,
      Checkout simulations,
      Path out,
      String label,
      int rps,
      int seconds,
      int users,
      long seed,
      InjectorJvm injector) {
    Map<String, String> props = properties(platform, rps, seconds, users, seed);
    // The scrape creates the run's folder.
    boolean scraped = MetricsScrape.scrape(platform.url(), out.resolve("start.prom"));
    Injection run;
    if (injector != null) {
      InjectorJvm.Pending pending =
          injector.run(
              PR_SIMULATION,
              out,
              "gate " + label,
              props,
              false,
              java.time.Duration.ofSeconds(seconds + PATIENCE_SECONDS));
      run = new Injection(pending::await, pending::stop, injector.log());
    } else {
      Path log = Path.of(out + ".log");
      Process p =
          Gatling.start(simulations, PR_SIMULATION, out, "gate " + label, props, false, log, true);
      run = new Injection(p::waitFor, () -> Procs.stop(p.toHandle(), 5), log);
    }
    return new LoadRun(platform, out, label, run, scraped, rps, seconds);
  }

  /**
   * Records in the run folder that its arrival rate was the open model's input: the checker then
   * checks the rate for validity and never compares the {@code rps} of the rounds, which would only
   * compare the rate the gate asked for with itself.
   */
  static void markArrivalRateAsInput(Path run, int rps, int seconds) {
    Properties p = new Properties();
    p.setProperty("openModel", "true");
    p.setProperty("rps", Integer.toString(rps));
    p.setProperty("seconds", Integer.toString(seconds));
    try (OutputStream s = Files.newOutputStream(run.resolve(LocalRun.RUN_PROPERTIES))) {
      p.store(s, "redline gate: a load round at a fixed arrival rate");
    } catch (IOException e) {
      throw new HarnessException(
          "cannot write " + run.resolve(LocalRun.RUN_PROPERTIES) + ": " + e.getMessage(), e);
    }
  }

  /** True once {@link #finish} kept both scrapes of the window. */
  @Override
  public boolean measuredByService() {
    return measuredByService;
  }

  /**
   * The PR suite's settings: target, arrival rate, length, how many users it rotates over and the
   * seed of its request sequence.
   */
  static Map<String, String> properties(
      Platform platform, int rps, int seconds, int users, long seed) {
    return Map.of(
        "baseUrl", platform.url(),
        "pr.rps", Integer.toString(rps),
        "pr.seconds", Integer.toString(seconds),
        "tokenCount", Integer.toString(users),
        "seed", Long.toString(seed));
  }

  /**
   * Waits for the simulation, scrapes the end of the window and returns the run folder. Gatling's
   * own exit code is not a failure here (an assertion of the suite may fail under a regression); a
   * run that left no {@code simulation.log} is.
   */
  @Override
  public Path finish(Progress progress) {
    int code;
    try {
      code = gatling.exit().await();
    } catch (InterruptedException e) {
      gatling.stop().run();
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted during " + label, e);
    }
    boolean ended = scraped && MetricsScrape.scrape(platform.url(), out.resolve("end.prom"));
    Path run =
        Gatling.newestRun(out)
            .filter(r -> Files.isRegularFile(r.resolve("simulation.log")))
            .orElseThrow(
                () -> {
                  System.err.println(Procs.tail(gatling.log(), 20));
                  return new HarnessException(
                      "the "
                          + label
                          + " load run left no simulation.log (Gatling exit "
                          + code
                          + "); log "
                          + gatling.log());
                });
    measuredByService = ended;
    markArrivalRateAsInput(run, rps, seconds);
    if (ended) {
      try {
        Path dir = Files.createDirectories(run.resolve(ServiceMetrics.FOLDER));
        Files.move(
            out.resolve("start.prom"),
            dir.resolve(ServiceMetrics.START),
            StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            out.resolve("end.prom"),
            dir.resolve(ServiceMetrics.END),
            StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new HarnessException(
            "cannot keep the service metrics of " + label + ": " + e.getMessage(), e);
      }
    } else {
      progress.warn(
          "could not scrape "
              + platform.url()
              + " around "
              + label
              + "; this run has no service measurements");
    }
    progress.say("  " + label + ": done (" + run.getFileName() + ", Gatling exit " + code + ")");
    return run;
  }
}
