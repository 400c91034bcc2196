package dev.redline.checker.harness;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.gatling.GatlingLogReader;
import dev.redline.checker.ingest.gatling.GatlingRun;
import dev.redline.checker.ingest.gatling.RunFolders;
import dev.redline.checker.ingest.service.PrometheusText;
import dev.redline.checker.ingest.service.ServiceMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A local run ({@code ./redline run}): builds what is missing, starts platform-api on embedded
 * defaults (or measures {@code --base-url}), warms it up without recording until its CPU per
 * request is steady, then measures one window at an open-model arrival rate (optionally under a JDK
 * Flight Recording), scrapes the service's metrics around the window, stops the platform and judges
 * the window's {@link Validity}. The window's Gatling run folder is the result; {@link
 * #RUN_PROPERTIES} in it says how it was made and whether to trust it.
 */
public final class LocalRun {
  /** The open-model simulation of the suites it plays. */
  public static final String SIMULATION = "dev.redline.simulations.LocalRunSimulation";

  /** Written into the window's run folder: suite, history profile, shape, validity, JFR. */
  public static final String RUN_PROPERTIES = RunFolders.RUN_PROPERTIES;

  /**
   * The group (and scenario prefix) of the window's first seconds, which no figure includes: the
   * injector's JVM is cold when the window's Gatling run starts.
   */
  public static final String LEAD_IN = "lead-in";

  public static final List<String> OPEN_MODEL_SUITES =
      List.of("mixed", "dashboard", "sessions", "config");

  /** Everything {@code redline run} takes; see its --help. */
  public record Options(
      String suite,
      String profile,
      String size,
      double rps,
      int seconds,
      String baseUrl,
      Map<String, String> simulationProperties,
      boolean jfr,
      Path runDir,
      int injectors) {}

  /** What the run left. */
  public record Result(
      Path runFolder,
      int gatlingExit,
      Validity validity,
      String warmUp,
      int windowSeconds,
      Jfr.Summary jfr,
      Path jfrFile,
      List<Injectors.Shard> shards) {}

  private final Checkout checkout;
  private final Path redlineDir;
  private final Options o;
  private final Progress progress;

  public LocalRun(Checkout checkout, Path redlineDir, Options options, Progress progress) {
    this.checkout = checkout;
    this.redlineDir = redlineDir;
    this.o = options;
    this.progress = progress;
  }

  /** True when the suite and profile run as an open model with a fixed arrival rate. */
  public static boolean openModel(String suite, String profile) {
    return profile.equals("load") && OPEN_MODEL_SUITES.contains(suite);
  }

  /**
   * The profile a run is stored under: its history key, so that runs of another size or another
   * arrival rate and length are never each other's baseline ({@code load}, {@code load-smoke},
   * {@code load@80rps-60s}).
   */
  public static String historyProfile(
      String profile, String size, double rps, int seconds, double defaultRps, int defaultSec) {
    StringBuilder key = new StringBuilder(profile);
    if (!size.equals("full")) {
      key.append('-').append(size);
    }
    if (openModel("mixed", profile) && (rps != defaultRps || seconds != defaultSec)) {
      key.append(String.format(Locale.ROOT, "@%srps-%ds", trim(rps), seconds));
    }
    return key.toString();
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  public Result run() {
    mkdirs(o.runDir());
    Platform platform = null;
    Thread hook = null;
    try {
      progress.step("building what is missing");
      List<Checkout.Module> modules = new ArrayList<>(List.of(Checkout.Module.LOAD_SIMULATIONS));
      if (o.baseUrl() == null) {
        modules.add(0, Checkout.Module.PLATFORM_API);
      }
      checkout.ensureBuilt(modules, redlineDir.resolve("logs"), progress);
      String url = o.baseUrl();
      if (url == null) {
        progress.step("starting platform-api on embedded defaults");
        Platform started =
            Platform.start(
                "local",
                checkout,
                Gate.freePort(),
                o.runDir().resolve("platform"),
                Map.of(),
                Platform.embeddedDir(redlineDir, checkout, "local"),
                progress);
        platform = started;
        hook = new Thread(started::close, "redline-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        url = started.url();
      }
      String warm = warmUp(platform, url);
      Result r = window(platform, url, warm);
      return r;
    } finally {
      if (platform != null) {
        platform.close();
      }
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running
        }
      }
    }
  }

  // ---- warm-up --------------------------------------------------------------------------------

  private String warmUp(Platform platform, String url) {
    WarmUp w =
        new WarmUp(
            // A high rate: the JIT compiles by invocation counts, so 200/s warms twice as fast as
            // 100/s (at 100/s CPU per request still fell by 15% a window after 60 s).
            intEnv("REDLINE_RUN_WARMUP_RPS", 200),
            intEnv("REDLINE_RUN_WARMUP_MIN_SECONDS", o.size().equals("smoke") ? 5 : 20),
            intEnv("REDLINE_RUN_WARMUP_SECONDS", o.size().equals("smoke") ? 10 : 40),
            intEnv("REDLINE_RUN_WARMUP_WINDOW", 5),
            Double.parseDouble(Platform.envOr("REDLINE_RUN_WARMUP_TOLERANCE", "0.10")));
    progress.step(
        "warming up (not recorded): "
            + w.rps()
            + "/s until CPU per request is steady, "
            + w.minSeconds()
            + "-"
            + w.maxSeconds()
            + " s");
    long started = System.nanoTime();
    Map<String, String> props = new LinkedHashMap<>(o.simulationProperties());
    props.put("baseUrl", url);
    props.put("run.suite", OPEN_MODEL_SUITES.contains(o.suite()) ? o.suite() : "mixed");
    props.put("run.rps", Integer.toString(w.rps()));
    props.put("run.seconds", Integer.toString(w.maxSeconds()));
    props.put("run.leadInSeconds", "0");
    if (platform != null) {
      w.run(List.of(platform), checkout, o.runDir(), SIMULATION, p -> props, progress);
    } else {
      // A platform this command did not start: no steadiness test, a fixed warm-up.
      props.put("run.seconds", Integer.toString(w.minSeconds()));
      Path out = o.runDir().resolve("warmup-external");
      await(
          Gatling.start(
              checkout, SIMULATION, out, "warm-up", props, false, Path.of(out + ".log"), true),
          "the warm-up");
      Platform.sleep(WarmUp.SETTLE_MILLIS);
    }
    return ((System.nanoTime() - started) / 1_000_000_000L) + " s";
  }

  // ---- the measured window --------------------------------------------------------------------

  private Result window(Platform platform, String url, String warm) {
    boolean open = openModel(o.suite(), o.profile());
    String simulation = open ? SIMULATION : simulationClass(o.suite(), o.profile());
    progress.step(
        open
            ? String.format(
                Locale.ROOT,
                "measuring %d s at %s arrivals/s (%s)%s",
                o.seconds(),
                trim(o.rps()),
                o.suite(),
                o.jfr() ? ", with a flight recording" : "")
            : "measuring " + simulation.substring(simulation.lastIndexOf('.') + 1));
    Path out = o.runDir().resolve("window");
    Path scrapes = o.runDir().resolve("scrapes");
    mkdirs(scrapes);
    boolean scraped = MetricsScrape.scrape(url, scrapes.resolve(ServiceMetrics.START));
    Path jfrFile = o.runDir().resolve("window.jfr");
    boolean recording =
        o.jfr() && platform != null && Jfr.start(platform.pid(), jfrFile, o.runDir(), progress);
    if (o.jfr() && platform == null) {
      progress.warn("--jfr records a platform this command starts; not with --base-url");
    }
    Map<String, String> props = windowProperties(o, url, out);
    Path log = o.runDir().resolve("gatling.log");
    List<Injectors.Shard> shards = List.of();
    double injector;
    int code;
    if (o.injectors() > 1) {
      // Sharded: each injector JVM plays 1/N of the arrival rate (RunCommand allows it for open
      // models only); the window folder holds shard-i/ run folders, read back merged.
      shards =
          Injectors.run(
                  checkout,
                  simulation,
                  out,
                  "redline run " + o.suite() + " " + o.profile(),
                  props,
                  o.injectors(),
                  new Injectors.Plan(o.rps(), o.seconds()),
                  null,
                  progress)
              .shards();
      injector =
          shards.stream().mapToDouble(Injectors.Shard::cpuCores).sum()
              / Runtime.getRuntime().availableProcessors();
      code = shards.stream().mapToInt(Injectors.Shard::gatlingExit).max().orElse(0);
    } else {
      Process gatling =
          Gatling.start(
              checkout,
              simulation,
              out,
              "redline run " + o.suite() + " " + o.profile(),
              props,
              true,
              log,
              false);
      injector = sampleInjector(gatling, log, open ? o.seconds() + 5 : 0, progress);
      code = await(gatling, "the measured window");
    }
    if (recording) {
      recording = Jfr.stop(platform.pid(), o.runDir(), progress);
    }
    scraped = scraped && MetricsScrape.scrape(url, scrapes.resolve(ServiceMetrics.END));
    if (platform != null) {
      platform.requireAlive("the measured window");
      // Stopped before the results are read, so that its shutdown is not measured.
      platform.close();
    }
    Path run =
        (shards.isEmpty()
                ? Gatling.newestRun(out)
                    .filter(r -> Files.isRegularFile(r.resolve("simulation.log")))
                : Optional.of(out))
            .orElseThrow(
                () -> {
                  System.err.println(Procs.tail(log, 20));
                  return new HarnessException(
                      "Gatling left no simulation.log under "
                          + out
                          + " (exit "
                          + code
                          + "); log "
                          + log);
                });
    double gc = Double.NaN;
    if (scraped) {
      gc = gcSeconds(scrapes.resolve(ServiceMetrics.START), scrapes.resolve(ServiceMetrics.END));
      moveScrapes(scrapes, run);
    } else {
      progress.warn("could not scrape " + url + " around the window; no service measurements");
    }
    GatlingRun g;
    try {
      GatlingLogReader reader = new GatlingLogReader(open ? LEAD_IN : null);
      g =
          shards.isEmpty()
              ? reader.read(run)
              : reader.readAll(shards.stream().map(Injectors.Shard::runDir).toList());
    } catch (InputException e) {
      throw new HarnessException("cannot read the window's run " + run + ": " + e.getMessage(), e);
    }
    Validity v = Validity.judge(g, open ? o.rps() : Double.NaN, o.seconds(), injector, gc);
    List<String> saturated =
        shards.stream().filter(sh -> !sh.valid()).map(sh -> sh.describe(o.injectors())).toList();
    if (!saturated.isEmpty()) {
      List<String> reasons = new ArrayList<>(v.reasons());
      reasons.add("a saturated injector: " + String.join("; ", saturated));
      v =
          new Validity(
              v.intendedRps(),
              v.achievedRps(),
              v.injectorCpu(),
              v.errorPercent(),
              v.gcPercent(),
              v.p50Drift(),
              v.p50Ms(),
              reasons);
    }
    Jfr.Summary summary = null;
    if (recording && Files.isRegularFile(jfrFile)) {
      try {
        summary = Jfr.summarize(jfrFile, 10);
        Files.write(o.runDir().resolve("jfr-summary.txt"), summary.lines());
      } catch (IOException e) {
        progress.warn("cannot read the flight recording " + jfrFile + ": " + e.getMessage());
      }
    }
    writeProperties(run, v, open, summary != null ? jfrFile : null, shards);
    return new Result(
        run, code, v, warm, o.seconds(), summary, summary != null ? jfrFile : null, shards);
  }

  /** The simulation's {@code -D} settings for the measured window. */
  static Map<String, String> windowProperties(Options o, String url, Path out) {
    Map<String, String> props = new LinkedHashMap<>(o.simulationProperties());
    props.put("baseUrl", url);
    props.put("size", o.size());
    // Where the shaped runs write their figures (the run folder Gatling makes under it).
    props.put("resultsDir", out.toString());
    if (OPEN_MODEL_SUITES.contains(o.suite())) {
      // The window and the shapes (stress, spike, soak) play the suite's request chain.
      props.put("run.suite", o.suite());
    }
    if (openModel(o.suite(), o.profile())) {
      props.put("run.rps", trim(o.rps()));
      props.put("run.seconds", Integer.toString(o.seconds()));
    }
    return props;
  }

  /**
   * The injector JVM's CPU share of the machine from its simulation's start (Gatling's "started"
   * line; the JVM's own start-up and class loading are left out) to its last sample; NaN when the
   * platform reports no CPU time.
   */
  private static double sampleInjector(
      Process gatling, Path log, int plannedSeconds, Progress progress) {
    ProcessHandle h = gatling.toHandle();
    long lastSaid = 0;
    long t0 = 0;
    Duration c0 = null;
    long t1 = 0;
    Duration c1 = null;
    int cores = Runtime.getRuntime().availableProcessors();
    while (gatling.isAlive()) {
      Platform.sleep(500);
      Duration cpu = h.info().totalCpuDuration().orElse(null);
      if (cpu == null) {
        continue;
      }
      if (c0 == null) {
        if (simulationStarted(log)) {
          c0 = cpu;
          t0 = System.nanoTime();
        }
      } else {
        c1 = cpu;
        t1 = System.nanoTime();
        long s = (t1 - t0) / 1_000_000_000L;
        if (s >= lastSaid + 10) {
          lastSaid = s - s % 10;
          progress.say(
              "  "
                  + lastSaid
                  + " s"
                  + (plannedSeconds > 0 ? " of " + plannedSeconds + " s (lead-in included)" : ""));
        }
      }
    }
    if (c0 == null || c1 == null || t1 <= t0) {
      return Double.NaN;
    }
    return (c1.toNanos() - c0.toNanos()) / (double) (t1 - t0) / cores;
  }

  private static boolean simulationStarted(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8).contains(" started...");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static int await(Process p, String what) {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Procs.stop(p.toHandle(), 5);
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted during " + what, e);
    }
  }

  /** The service's GC pause seconds between two scrapes; NaN when they lack the counter. */
  static double gcSeconds(Path start, Path end) {
    try {
      return total(PrometheusText.read(end)) - total(PrometheusText.read(start));
    } catch (InputException e) {
      return Double.NaN;
    }
  }

  private static double total(List<PrometheusText.Sample> samples) {
    double sum = 0;
    boolean seen = false;
    for (PrometheusText.Sample s : samples) {
      if (s.name().equals("jvm_gc_pause_seconds_sum")) {
        sum += s.value();
        seen = true;
      }
    }
    return seen ? sum : Double.NaN;
  }

  private static void moveScrapes(Path scrapes, Path run) {
    try {
      Path dir = Files.createDirectories(run.resolve(ServiceMetrics.FOLDER));
      for (String f : List.of(ServiceMetrics.START, ServiceMetrics.END)) {
        Files.move(scrapes.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.deleteIfExists(scrapes);
    } catch (IOException e) {
      throw new HarnessException("cannot keep the service metrics in " + run + ": " + e, e);
    }
  }

  private void writeProperties(
      Path run, Validity v, boolean open, Path jfr, List<Injectors.Shard> shards) {
    Properties p = new Properties();
    // The history id is the folder name run prints, so either names the run everywhere.
    p.setProperty("id", o.runDir().getFileName().toString());
    p.setProperty("suite", o.suite());
    p.setProperty(
        "profile",
        historyProfile(
            o.profile(),
            o.size(),
            o.rps(),
            o.seconds(),
            defaultRps(o.size()),
            defaultSeconds(o.size())));
    p.setProperty("size", o.size());
    p.setProperty("openModel", Boolean.toString(open));
    if (open) {
      p.setProperty("leftOut", LEAD_IN);
      p.setProperty("rps", trim(o.rps()));
      p.setProperty("seconds", Integer.toString(o.seconds()));
    }
    v.properties().forEach(p::setProperty);
    p.setProperty("valid", Boolean.toString(v.valid()));
    p.setProperty("invalidReason", v.valid() ? "" : String.join("; ", v.reasons()));
    if (jfr != null) {
      p.setProperty("jfr", jfr.toAbsolutePath().toString());
    }
    if (!shards.isEmpty()) {
      p.setProperty("injectors", Integer.toString(shards.size()));
      for (Injectors.Shard sh : shards) {
        p.setProperty("shard." + sh.index(), sh.describe(shards.size()));
      }
    }
    try (OutputStream s = Files.newOutputStream(run.resolve(RUN_PROPERTIES))) {
      p.store(s, "redline run: how this window was measured and whether to trust it");
    } catch (IOException e) {
      throw new HarnessException("cannot write " + run.resolve(RUN_PROPERTIES) + ": " + e, e);
    }
  }

  /** Default arrival rate of the window by size. */
  public static double defaultRps(String size) {
    return size.equals("smoke") ? 20 : 50;
  }

  /** Default window length by size. */
  public static int defaultSeconds(String size) {
    return size.equals("smoke") ? 10 : 30;
  }

  /** The simulation class of a suite and profile outside the open model. */
  static String simulationClass(String suite, String profile) {
    String pkg = "dev.redline.simulations.";
    switch (profile) {
      case "stress":
        return pkg + "StressSimulation";
      case "spike":
        return pkg + "SpikeSimulation";
      case "soak":
        return pkg + "SoakSimulation";
      default:
        break;
    }
    return switch (suite) {
      case "websocket" -> pkg + "WebSocketSimulation";
      case "ratelimit" -> pkg + "RateLimitSimulation";
      default -> pkg + Character.toUpperCase(suite.charAt(0)) + suite.substring(1) + "Simulation";
    };
  }

  private static int intEnv(String name, int fallback) {
    String v = Platform.envOr(name, Integer.toString(fallback));
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
    }
  }

  private static void mkdirs(Path p) {
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new HarnessException("cannot create " + p + ": " + e.getMessage(), e);
    }
  }
}
