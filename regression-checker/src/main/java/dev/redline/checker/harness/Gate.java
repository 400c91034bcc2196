package dev.redline.checker.harness;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.usecase.Check;
import dev.redline.checker.usecase.Compare;
import dev.redline.checker.usecase.Exit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The PR regression gate: builds the base commit in its own worktree, measures base and head on
 * this machine in rounds over one or more pairs of platform JVMs (forks), and decides with the
 * checker's paired {@code ab} comparison. Exit code 0 pass, 1 regression; errors are {@link
 * HarnessException}s (exit 2).
 *
 * <p>Three ways to measure a round: {@code sequential} loads one side, then the other, in the
 * plan's order; {@code duet} loads both at the same time with one injector each, so that whatever
 * the machine does during the round falls on both sides alike; {@code pinned} is a duet with every
 * platform pinned to its own CPU (swapped between rounds as the plan says).
 */
public final class Gate {

  /** How a round measures the two sides. */
  public enum Mode {
    SEQUENTIAL,
    /**
     * Both sides at once, each free to run on every CPU: the default. In A/A calibrations on a
     * 2-core VM (2026-12-01, same seed, back to back) the part of a round's ratio common to every
     * route spread by 13-20% pinned and 4-5% not, and CPU per request's MDE was 9-54% against
     * 2.2-25%: a pinned side keeps its CPU's share of the host's other work for a whole round.
     */
    DUET,
    /** Both sides at once, each platform on its own CPU, swapped between rounds. */
    PINNED;

    /** True when base and head are loaded at the same time. */
    public boolean together() {
      return this != SEQUENTIAL;
    }
  }

  /** Everything the gate takes; see {@code redline gate --help}. */
  public record Options(
      String baseRef,
      int rounds,
      int forks,
      int seconds,
      int rps,
      int users,
      int jmhRounds,
      Mode mode,
      Path reportDir,
      Map<String, String> headEnv,
      Map<String, String> baseEnv,
      long seed,
      int wsSeconds,
      int wsClients) {
    /** The most /ws clients a round may open on each platform. */
    public static final int MAX_WS_CLIENTS = 5_000;

    /** The longest /ws window, in seconds. */
    public static final int MAX_WS_SECONDS = 300;

    public Options {
      if (rounds < 2) {
        throw new IllegalArgumentException(
            "--rounds must be at least 2 (the ab baseline needs two runs a side), got " + rounds);
      }
      if (forks < 1 || rounds % forks != 0) {
        throw new IllegalArgumentException(
            "--forks must be at least 1 and divide --rounds, got "
                + forks
                + " forks for "
                + rounds
                + " rounds");
      }
      if (jmhRounds == 1 || jmhRounds < 0) {
        throw new IllegalArgumentException(
            "--jmh-rounds must be 0 or at least 2, got " + jmhRounds);
      }
      if (seconds < 1 || rps < 1 || users < 1) {
        throw new IllegalArgumentException(
            "--seconds, --rps and REDLINE_GATE_USERS must be at least 1, got "
                + seconds
                + ", "
                + rps
                + ", "
                + users);
      }
      if (wsSeconds < 0 || wsSeconds > MAX_WS_SECONDS) {
        throw new IllegalArgumentException(
            "--ws-seconds must be 0 (no /ws window) to " + MAX_WS_SECONDS + ", got " + wsSeconds);
      }
      if (wsClients < 1 || wsClients > MAX_WS_CLIENTS) {
        throw new IllegalArgumentException(
            "--ws-clients must be 1 to " + MAX_WS_CLIENTS + ", got " + wsClients);
      }
    }

    /** True when every round has a /ws window. */
    public boolean ws() {
      return wsSeconds > 0;
    }
  }

  private final Checkout head;
  private final Path redlineDir;
  private final Options o;
  private final Progress progress;
  private final Load load;
  private final List<AutoCloseable> running = new CopyOnWriteArrayList<>();
  private Path workDir;
  private boolean jfr;

  /** The rounds have a /ws window (--ws-seconds above 0 and the head has the client). */
  private boolean ws;

  private final List<Path> baseJfr = new ArrayList<>();
  private final List<Path> headJfr = new ArrayList<>();

  public Gate(Checkout head, Path redlineDir, Options options, Progress progress) {
    this(head, redlineDir, options, progress, null);
  }

  /** With {@code load} standing in for the Gatling runs (tests); null for Gatling. */
  Gate(Checkout head, Path redlineDir, Options options, Progress progress, Load load) {
    this.head = head;
    this.redlineDir = redlineDir;
    this.o = options;
    this.progress = progress;
    this.load = load != null ? load : new GatlingLoad();
  }

  /**
   * What the gate does to its platforms: the warm-up, each side's measured window and, with {@code
   * --ws-seconds}, each side's /ws window.
   */
  interface Load {
    void warmUp(List<Platform> platforms, Path forkDir);

    Window start(Platform platform, Path out, String label, long seed);

    /**
     * Starts a side's /ws window writing its result to {@code result}; null: this load has none.
     */
    default WsWindow startWs(Platform platform, Path result, String label) {
      return null;
    }

    /** Ends what this load keeps for {@code platform} between rounds, if anything. */
    default void release(Platform platform) {}
  }

  /** One side's /ws window of a round, started. */
  interface WsWindow {
    /** Waits for the window's end and returns its result file, empty when it wrote none. */
    java.util.Optional<Path> finish(Progress progress);
  }

  /** One side's measured window of a round, started. */
  interface Window {
    /** Waits for the window's end and returns its run folder. */
    Path finish(Progress progress);

    boolean measuredByService();
  }

  /** Length of the unrecorded window a kept injector JVM runs before the first round, seconds. */
  static final int PRIMING_SECONDS = 4;

  /** The PR suite through Gatling, the head's simulations against each platform. */
  private final class GatlingLoad implements Load {
    /** Each platform's kept injector JVM ({@link InjectorJvm}), by platform name. */
    private final Map<String, InjectorJvm> injectors =
        new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void warmUp(List<Platform> platforms, Path forkDir) {
      // The kept injectors start with the warm-up, so that their own start is over before the
      // first round, and then run one unrecorded window each, at once, for their JIT.
      boolean keep = InjectorJvm.wanted(head);
      if (keep) {
        for (Platform p : platforms) {
          injectors.computeIfAbsent(
              p.name(), n -> InjectorJvm.start(head, forkDir.resolve("injector-" + n + ".log")));
        }
      }
      WarmUp.fromEnvironment().run(platforms, head, forkDir, o.users(), progress);
      if (keep) {
        progress.say(
            "  injectors: one JVM a side for all rounds; "
                + PRIMING_SECONDS
                + " s unrecorded to warm them");
        List<LoadRun> priming = new ArrayList<>();
        for (Platform p : platforms) {
          priming.add(
              LoadRun.start(
                  p,
                  head,
                  forkDir.resolve("injector-priming-" + p.name()),
                  "injector priming " + p.name(),
                  o.rps(),
                  PRIMING_SECONDS,
                  o.users(),
                  WarmUp.WARM_UP_SEED,
                  injectors.get(p.name())));
        }
        priming.forEach(r -> r.finish(progress));
      }
    }

    @Override
    public Window start(Platform platform, Path out, String label, long seed) {
      return LoadRun.start(
          platform,
          head,
          out,
          label,
          o.rps(),
          o.seconds(),
          o.users(),
          seed,
          injectors.get(platform.name()));
    }

    @Override
    public void release(Platform platform) {
      InjectorJvm i = injectors.remove(platform.name());
      if (i != null) {
        i.close();
      }
    }

    @Override
    public WsWindow startWs(Platform platform, Path result, String label) {
      return WsRun.start(platform, head, result, label, o.wsClients(), o.wsSeconds());
    }
  }

  /** What a gate measured, before deciding: the rounds' run folders side by side, in order. */
  public record Measured(
      String baseSha,
      String headSha,
      String branch,
      Path work,
      Path report,
      List<Path> baseRuns,
      List<Path> headRuns,
      int[] roundForks,
      int jmhRounds,
      List<Path> baseJmh,
      List<Path> headJmh,
      long startedNanos) {}

  /**
   * With {@code on}, each side's platform is recorded (JDK Flight Recorder, {@link Jfr}) during
   * every load round's window, and the report shows the hottest methods of base and head side by
   * side. Both sides carry the recorder's cost alike.
   */
  public Gate withJfr(boolean on) {
    this.jfr = on;
    return this;
  }

  /** Measures base and head and decides: exit code 0 pass, 1 regression. */
  public int run() {
    return stoppingEverythingAtExit(
        () -> {
          Measured m = measure(false);
          return decide(m);
        });
  }

  /**
   * Measures this checkout against itself (A/A: one build on both sides, two JVMs, the gate's
   * rounds as they are), for {@code redline calibrate}; nothing is decided.
   */
  public Measured measureAgainstItself() {
    return stoppingEverythingAtExit(() -> measure(true));
  }

  private <T> T stoppingEverythingAtExit(java.util.function.Supplier<T> body) {
    Thread hook = new Thread(this::stopEverything, "redline-gate-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return body.get();
    } finally {
      stopEverything();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
    }
  }

  private Measured measure(boolean againstItself) {
    String headSha = head.commit();
    String baseSha =
        againstItself
            ? headSha
            : head.resolve(o.baseRef())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "--base '" + o.baseRef() + "' is not a commit in " + head.root()));
    String branch = head.branch();
    Path gateDir = redlineDir.resolve(againstItself ? "calibrate" : "gate");
    Path work = gateDir.resolve("work");
    workDir = work;
    Path report = o.reportDir() != null ? o.reportDir() : gateDir.resolve("report");
    Checkout.deleteTree(work);
    Checkout.deleteTree(report);
    mkdirs(work);
    mkdirs(report);
    long started = System.nanoTime();
    RoundPlan plan = RoundPlan.of(o.forks(), o.rounds() / o.forks(), o.seed());
    progress.say(
        String.format(
            "%s: base %s (%s) vs head %s on %s; %d %s load rounds of %d s at %d/s%s on %d fork(s), %d JMH rounds; order seed %d",
            againstItself ? "calibrate (A/A)" : "gate",
            againstItself ? "this checkout" : o.baseRef(),
            short12(baseSha),
            short12(headSha),
            branch,
            o.rounds(),
            o.mode().name().toLowerCase(),
            o.seconds(),
            o.rps(),
            wsText(),
            o.forks(),
            o.jmhRounds(),
            o.seed()));
    List<Checkout.Module> modules =
        new ArrayList<>(List.of(Checkout.Module.PLATFORM_API, Checkout.Module.LOAD_SIMULATIONS));
    if (o.jmhRounds() > 0) {
      modules.add(Checkout.Module.MICRO_BENCHMARKS);
    }
    progress.step("building head (this checkout)");
    head.ensureBuilt(modules, redlineDir.resolve("logs"), progress);
    ws = o.ws();
    if (ws && !WsRun.available(head)) {
      progress.warn(
          "no compiled "
              + WsRun.CLIENT
              + " in "
              + WsRun.classes(head)
              + "; the rounds have no /ws window");
      ws = false;
    }

    progress.step(againstItself ? "one build on both sides" : "preparing base " + short12(baseSha));
    Checkout base;
    if (againstItself) {
      base = head;
      progress.say("A/A: this checkout's build serves for both sides, in two JVMs");
    } else if (baseSha.equals(headSha) && head.clean()) {
      base = head;
      progress.say("base is this checkout's clean commit: the head's build serves for both sides");
    } else {
      base =
          head.worktree(
              gateDir.resolve("base-tree"), baseSha, redlineDir.resolve("logs/worktree.log"));
      progress.say("base worktree at " + base.root());
      List<Checkout.Module> baseModules = new ArrayList<>(List.of(Checkout.Module.PLATFORM_API));
      if (o.jmhRounds() > 0) {
        baseModules.add(Checkout.Module.MICRO_BENCHMARKS);
      }
      try {
        base.ensureBuilt(baseModules, redlineDir.resolve("logs"), progress);
      } catch (HarnessException e) {
        throw new HarnessException(
            "the base "
                + o.baseRef()
                + " ("
                + short12(baseSha)
                + ") does not build: "
                + e.getMessage(),
            e);
      }
    }
    int jmhRounds = o.jmhRounds();
    if (jmhRounds > 0 && !Files.isRegularFile(base.benchmarksJar())) {
      progress.warn("the base has no micro-benchmarks jar; the gate compares load runs only");
      jmhRounds = 0;
    }
    // Fresh databases each time: the base of one gate may be older than the schema a head left.
    Checkout.deleteTree(embedded("base"));
    Checkout.deleteTree(embedded("head"));

    List<Path> baseRuns = new ArrayList<>();
    List<Path> headRuns = new ArrayList<>();
    List<Integer> forks = new ArrayList<>();
    for (int fork = 1; fork <= o.forks(); fork++) {
      measureFork(fork, plan, base, work, baseRuns, headRuns, forks);
    }
    List<Path> baseJmh = new ArrayList<>();
    List<Path> headJmh = new ArrayList<>();
    if (jmhRounds > 0) {
      measureJmh(jmhRounds, base, work, baseJmh, headJmh);
    }
    return new Measured(
        baseSha,
        headSha,
        branch,
        work,
        report,
        baseRuns,
        headRuns,
        forks.stream().mapToInt(Integer::intValue).toArray(),
        jmhRounds,
        baseJmh,
        headJmh,
        started);
  }

  private int decide(Measured m) {
    Path report = m.report();
    progress.step("deciding with the ab baseline");
    int load =
        compare(
            new Compare.Overrides("pr", "pr", m.branch(), m.headSha()),
            false,
            m.baseRuns(),
            m.headRuns(),
            report.resolve("load"),
            report.resolve("load.txt"));
    int jmh =
        m.jmhRounds() > 0
            ? compare(
                new Compare.Overrides(null, "quick", m.branch(), m.headSha()),
                o.mode().together(),
                m.baseJmh(),
                m.headJmh(),
                report.resolve("jmh"),
                report.resolve("jmh.txt"))
            : 0;
    if (load == Exit.BAD_INPUT || jmh == Exit.BAD_INPUT) {
      throw new HarnessException(
          "the gate could not decide (see above); the runs are kept in " + m.work());
    }
    long elapsed = (System.nanoTime() - m.startedNanos()) / 1_000_000_000L;
    boolean pass = load == 0 && jmh == 0;
    writeSummary(report, pass, m.baseSha(), m.headSha(), m.jmhRounds(), elapsed);
    reportJfr(report);
    progress.say(
        "reports: "
            + report.resolve("summary.md")
            + ", "
            + report.resolve("load/report.html")
            + (m.jmhRounds() > 0 ? ", " + report.resolve("jmh/report.html") : ""));
    progress.say("gate finished in " + elapsed + " s: " + (pass ? "PASS" : "REGRESSION"));
    return pass ? Exit.PASS : Exit.REGRESSION;
  }

  private void measureFork(
      int fork,
      RoundPlan plan,
      Checkout base,
      Path work,
      List<Path> baseRuns,
      List<Path> headRuns,
      List<Integer> roundForks) {
    String forkLabel = o.forks() > 1 ? "fork " + fork + "/" + o.forks() + ": " : "";
    progress.step(
        forkLabel
            + "starting base and head, warming up, measuring "
            + plan.ofFork(fork).size()
            + " rounds");
    Path forkDir = work.resolve("fork-" + fork);
    Platform[] ps =
        both(
            () ->
                Platform.start(
                    "base",
                    base,
                    freePort(),
                    forkDir.resolve("base-platform"),
                    platformEnv(o.baseEnv(), ws, false),
                    embedded("base"),
                    progress),
            () ->
                Platform.start(
                    "head",
                    head,
                    freePort(),
                    forkDir.resolve("head-platform"),
                    platformEnv(o.headEnv(), ws, true),
                    embedded("head"),
                    progress));
    Platform b = ps[0];
    Platform h = ps[1];
    int firstRun = baseRuns.size();
    try {
      if (o.mode().together()) {
        load.warmUp(List.of(b, h), forkDir);
      } else {
        load.warmUp(List.of(b), forkDir);
        load.warmUp(List.of(h), forkDir);
      }
      if (ws) {
        warmUpWs(b, h);
      }
      boolean pin = o.mode() == Mode.PINNED && Runtime.getRuntime().availableProcessors() >= 2;
      if (o.mode() == Mode.PINNED && !pin) {
        progress.warn("one CPU only: pinned rounds run unpinned");
      }
      for (RoundPlan.Round r : plan.ofFork(fork)) {
        String label = "round " + r.number() + "/" + o.rounds();
        if (o.mode().together()) {
          if (pin) {
            b.pin(r.baseOnFirstCpu() ? "0" : "1", forkDir);
            h.pin(r.baseOnFirstCpu() ? "1" : "0", forkDir);
          }
          progress.say(
              "  "
                  + label
                  + ": base and head at once ("
                  + (pin ? "base on CPU " + (r.baseOnFirstCpu() ? 0 : 1) + ", " : "")
                  + (r.baseFirst() ? "base" : "head")
                  + " starts first)");
          boolean recB = startJfr(b, "base", r);
          boolean recH = startJfr(h, "head", r);
          // Whose injector starts first alternates with the plan, as for /ws below. With base
          // always first, head's CPU per request came out below base's on every route of an A/A
          // calibration (-2% to -8%, 2026-12-01).
          List<Window> pair =
              baseFirst(r, () -> start(b, "base", r, label), () -> start(h, "head", r, label));
          Window lb = pair.get(0);
          Window lh = pair.get(1);
          Path rb = lb.finish(progress);
          Path rh = lh.finish(progress);
          stopJfr(b, recB);
          stopJfr(h, recH);
          requireBothAlive(b, h, label);
          if (ws) {
            progress.say(
                "  "
                    + label
                    + " /ws: base and head at once, "
                    + o.wsClients()
                    + " clients, "
                    + o.wsSeconds()
                    + " s (+"
                    + WsRun.WARMUP_SECONDS
                    + " s unrecorded)");
            // Which client starts first alternates with the plan: in an A/A gate the side whose
            // client started second had 20% longer delivery in every round.
            List<WsWindow> wsPair =
                baseFirst(
                    r, () -> startWs(b, "base", r, label), () -> startWs(h, "head", r, label));
            WsWindow wb = wsPair.get(0);
            WsWindow wh = wsPair.get(1);
            var resultB = wb.finish(progress);
            var resultH = wh.finish(progress);
            requireBothAlive(b, h, label + " /ws");
            WsRun.merge(resultB, rb, resultH, rh, label, progress);
          }
          keep(r, label, lb, rb, lh, rh, work, fork, baseRuns, headRuns, roundForks);
        } else {
          Window lb = null;
          Window lh = null;
          Path rb = null;
          Path rh = null;
          java.util.Optional<Path> resultB = java.util.Optional.empty();
          java.util.Optional<Path> resultH = java.util.Optional.empty();
          for (String side : r.baseFirst() ? List.of("base", "head") : List.of("head", "base")) {
            Platform p = side.equals("base") ? b : h;
            boolean rec = startJfr(p, side, r);
            if (side.equals("base")) {
              lb = start(b, side, r, label);
              rb = lb.finish(progress);
            } else {
              lh = start(h, side, r, label);
              rh = lh.finish(progress);
            }
            stopJfr(p, rec);
            if (ws) {
              progress.say(
                  "  "
                      + label
                      + " "
                      + side
                      + " /ws: "
                      + o.wsClients()
                      + " clients, "
                      + o.wsSeconds()
                      + " s (+"
                      + WsRun.WARMUP_SECONDS
                      + " s unrecorded)");
              var result = startWs(p, side, r, label).finish(progress);
              if (side.equals("base")) {
                resultB = result;
              } else {
                resultH = result;
              }
            }
          }
          requireBothAlive(b, h, label);
          if (ws) {
            WsRun.merge(resultB, rb, resultH, rh, label, progress);
          }
          keep(r, label, lb, rb, lh, rh, work, fork, baseRuns, headRuns, roundForks);
        }
      }
      Warmth.report("base", baseRuns.subList(firstRun, baseRuns.size()), progress);
      Warmth.report("head", headRuns.subList(firstRun, headRuns.size()), progress);
    } finally {
      load.release(b);
      load.release(h);
      b.close();
      h.close();
      running.remove(b);
      running.remove(h);
    }
  }

  /** With --jfr, starts recording a side's platform for one round's window. */
  private boolean startJfr(Platform p, String side, RoundPlan.Round r) {
    if (!jfr) {
      return false;
    }
    Path dir = workDir.resolve("jfr");
    mkdirs(dir);
    Path file = dir.resolve(side + "-" + r.number() + ".jfr");
    if (!Jfr.start(p.pid(), file, dir, progress)) {
      return false;
    }
    (side.equals("base") ? baseJfr : headJfr).add(file);
    return true;
  }

  private void stopJfr(Platform p, boolean recording) {
    if (recording) {
      Jfr.stop(p.pid(), workDir.resolve("jfr"), progress);
    }
  }

  /**
   * The hottest methods of base and head side by side, printed, written to {@code jfr.txt} and
   * added to the summary; a recording that cannot be read is said, not fatal.
   */
  private void reportJfr(Path report) {
    if (!jfr) {
      return;
    }
    List<Path> b = baseJfr.stream().filter(Files::isRegularFile).toList();
    List<Path> h = headJfr.stream().filter(Files::isRegularFile).toList();
    if (b.isEmpty() || h.isEmpty()) {
      progress.warn("--jfr: no recording of " + (b.isEmpty() ? "base" : "head") + " was written");
      return;
    }
    List<String> lines;
    try {
      lines = new ArrayList<>(Jfr.sideBySide(Jfr.profile(b), Jfr.profile(h), 10));
    } catch (IOException e) {
      progress.warn("--jfr: cannot read the recordings: " + e.getMessage());
      return;
    }
    lines.add(
        "Recordings (JDK Mission Control): "
            + b.size()
            + " base and "
            + h.size()
            + " head windows in "
            + workDir.resolve("jfr"));
    lines.forEach(progress::say);
    write(report.resolve("jfr.txt"), String.join("\n", lines) + "\n");
    Path summary = report.resolve("summary.md");
    String md =
        "\n### Hottest methods, base vs head (JFR)\n\n```\n" + String.join("\n", lines) + "\n```\n";
    try {
      Files.writeString(
          summary,
          md,
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      progress.warn("cannot add the hottest methods to " + summary + ": " + e.getMessage());
    }
  }

  /**
   * Starts both sides' windows, base's first when the round says so, else head's; returns {base,
   * head}.
   */
  static <T> List<T> baseFirst(
      RoundPlan.Round r, java.util.function.Supplier<T> base, java.util.function.Supplier<T> head) {
    if (r.baseFirst()) {
      T b = base.get();
      return List.of(b, head.get());
    }
    T h = head.get();
    return List.of(base.get(), h);
  }

  private Window start(Platform p, String side, RoundPlan.Round r, String label) {
    return load.start(
        p, workDir.resolve("load-" + side + "-" + r.number()), label + " " + side, r.loadSeed());
  }

  /**
   * /ws windows not recorded, both platforms at once, before the first round: the HTTP warm-up does
   * not reach the /ws code. With the JIT at a tenth of its thresholds the first two rounds' /ws
   * delivery came out 2-3 times the rest's (service p50 12-43 ms against ~5 ms, 2026-12-01), wide
   * enough to leave the corpus's `latency:20@/ws` only noisy.
   */
  static final int WS_WARM_UP_WINDOWS = 2;

  private void warmUpWs(Platform b, Platform h) {
    for (int i = 1; i <= WS_WARM_UP_WINDOWS; i++) {
      String label = "/ws warm-up " + i + "/" + WS_WARM_UP_WINDOWS;
      progress.say("  " + label + ": base and head at once, not recorded");
      WsWindow wb = startWs(b, workDir.resolve("ws-warmup-base-" + i + ".tsv"), label);
      WsWindow wh = startWs(h, workDir.resolve("ws-warmup-head-" + i + ".tsv"), label);
      wb.finish(progress);
      wh.finish(progress);
      requireBothAlive(b, h, label);
    }
  }

  /** Starts a side's /ws window; a load without one gets a window that wrote nothing. */
  private WsWindow startWs(Platform p, String side, RoundPlan.Round r, String label) {
    return startWs(
        p, workDir.resolve("ws-" + side + "-" + r.number() + ".tsv"), label + " " + side);
  }

  private WsWindow startWs(Platform p, Path result, String label) {
    WsWindow w = load.startWs(p, result, label);
    return w != null ? w : progress -> java.util.Optional.empty();
  }

  /**
   * A side's platform environment: with /ws windows, the synthetic event source on (the rate the
   * gate measures delivery at; the platform emits only while /ws has clients, so the HTTP windows
   * do not carry it), its ticks at the side's phase of the wall clock ({@link WsRun#phaseMillis})
   * and one fan-out writer (one CPU each), unless the side's --head-env/--base-env sets them.
   */
  static Map<String, String> platformEnv(Map<String, String> sideEnv, boolean ws, boolean head) {
    if (!ws) {
      return sideEnv;
    }
    Map<String, String> e = new LinkedHashMap<>();
    e.put(WsRun.EVENTS_ENV, Integer.toString(WsRun.EVENTS_PER_SECOND));
    e.put(WsRun.PHASE_ENV, Integer.toString(WsRun.phaseMillis(head)));
    e.put(WsRun.ALTERNATE_ENV, "true");
    e.put(WsRun.WRITERS_ENV, "1");
    e.putAll(sideEnv);
    return e;
  }

  private String wsText() {
    return o.ws()
        ? String.format(
            ", each then a /ws window of %d s with %d clients", o.wsSeconds(), o.wsClients())
        : ", no /ws window";
  }

  /**
   * Fails naming the platform that died during the round, before the round is kept: a round one
   * side of which ran against a dying platform is not recorded.
   */
  private static void requireBothAlive(Platform b, Platform h, String label) {
    b.requireAlive(label);
    h.requireAlive(label);
  }

  /**
   * Keeps a round's two runs for the comparison, or leaves the whole round out when one side lacks
   * the service's view of it: a measurement missing on one side only would pair later rounds
   * wrongly (the folders stay in the work directory).
   */
  private void keep(
      RoundPlan.Round r,
      String label,
      Window lb,
      Path rb,
      Window lh,
      Path rh,
      Path work,
      int fork,
      List<Path> baseRuns,
      List<Path> headRuns,
      List<Integer> roundForks) {
    if (lb.measuredByService() != lh.measuredByService()) {
      progress.warn(label + " is left out: the service's metrics of one side are missing");
      return;
    }
    baseRuns.add(rb);
    headRuns.add(rh);
    roundForks.add(fork);
    appendRuns(work, fork, r.number(), rb, rh);
  }

  /**
   * JMH rounds of the quick profile. Duet and pinned: base and head benchmark JVMs run at the same
   * time, each pinned to its own CPU (swapped every round) in both modes, through the same
   * benchmarks in the same order, so their iterations run side by side and are compared pair by
   * pair. Sequential: one after the other, in an order drawn from the seed.
   */
  private void measureJmh(
      int rounds, Checkout base, Path work, List<Path> baseJmh, List<Path> headJmh) {
    progress.step(
        "measuring: "
            + rounds
            + " "
            + o.mode().name().toLowerCase()
            + " JMH rounds (quick profile)");
    Random order = new Random(o.seed() + 1);
    boolean pin = Runtime.getRuntime().availableProcessors() >= 2;
    for (int r = 1; r <= rounds; r++) {
      boolean baseFirst = order.nextBoolean();
      Path bj = work.resolve("jmh-base-" + r + ".json");
      Path hj = work.resolve("jmh-head-" + r + ".json");
      if (o.mode().together()) {
        progress.say(
            "  JMH round "
                + r
                + "/"
                + rounds
                + ": base and head at once (base on CPU "
                + (baseFirst ? 0 : 1)
                + ")...");
        Process pb = Jmh.startQuick(base, bj, pin ? (baseFirst ? "0" : "1") : null);
        Process ph = Jmh.startQuick(head, hj, pin ? (baseFirst ? "1" : "0") : null);
        Jmh.await(pb, base, bj);
        Jmh.await(ph, head, hj);
      } else {
        for (String side : baseFirst ? List.of("base", "head") : List.of("head", "base")) {
          progress.say("  JMH round " + r + "/" + rounds + " " + side + "...");
          Jmh.quick(side.equals("base") ? base : head, side.equals("base") ? bj : hj);
        }
      }
      baseJmh.add(bj);
      headJmh.add(hj);
    }
  }

  /**
   * Where a side's embedded PostgreSQL lives: named after this checkout for both sides, so that the
   * base (built in its worktree) also starts on the fresh database deleted above, never on one an
   * earlier gate left.
   */
  private Path embedded(String side) {
    return Platform.embeddedDir(redlineDir, head, side);
  }

  private interface Starter {
    Platform start();
  }

  /**
   * Starts the two platforms at once (their start-ups overlap), stopping either if the other fails.
   */
  private Platform[] both(Starter first, Starter second) {
    CompletableFuture<Platform> a = CompletableFuture.supplyAsync(() -> track(first.start()));
    CompletableFuture<Platform> c = CompletableFuture.supplyAsync(() -> track(second.start()));
    try {
      return new Platform[] {a.join(), c.join()};
    } catch (CompletionException e) {
      stopEverything();
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private Platform track(Platform p) {
    running.add(p);
    return p;
  }

  private void stopEverything() {
    for (AutoCloseable c : running) {
      try {
        c.close();
      } catch (Exception ignored) {
        // stopping what is left, best effort
      }
    }
    running.clear();
  }

  /** The paired ab comparison of one kind of rounds, printed and kept in {@code text}. */
  private int compare(
      Compare.Overrides what,
      boolean pairedIterations,
      List<Path> base,
      List<Path> current,
      Path reportDir,
      Path text) {
    StringWriter buf = new StringWriter();
    PrintWriter tee = new PrintWriter(buf);
    int code;
    try {
      Comparison c =
          Check.fromEnvironment(head.root())
              .paired(base, current, what, pairedIterations, reportDir, tee);
      code = c.failed() ? Exit.REGRESSION : Exit.PASS;
    } catch (Exception e) {
      System.err.println(Exit.sentence(e));
      code = Exit.BAD_INPUT;
    }
    tee.flush();
    String printed = buf.toString();
    System.out.print(printed);
    System.out.flush();
    write(text, printed);
    return code;
  }

  private void writeSummary(
      Path report, boolean pass, String baseSha, String headSha, int jmhRounds, long elapsed) {
    StringBuilder md = new StringBuilder();
    md.append("## Redline gate: ").append(pass ? "PASS" : "REGRESSION").append("\n\n");
    md.append(
        String.format(
            "Base `%s` (%s) vs head %s: %d %s load rounds of %d s at %d users/s%s on %d fork(s), %d JMH rounds, %d s in all.%n%n",
            o.baseRef(),
            short12(baseSha),
            short12(headSha),
            o.rounds(),
            o.mode().name().toLowerCase(),
            o.seconds(),
            o.rps(),
            ws ? wsText() : "",
            o.forks(),
            jmhRounds,
            elapsed));
    md.append("### Load (PR suite)\n")
        .append(readOr(report.resolve("load/verdicts.md"), "(no load verdicts)\n"));
    if (jmhRounds > 0) {
      md.append("\n### Micro-benchmarks (quick profile)\n")
          .append(readOr(report.resolve("jmh/verdicts.md"), "(no JMH verdicts)\n"));
    }
    write(report.resolve("summary.md"), md.toString());
  }

  private static void appendRuns(Path work, int fork, int round, Path base, Path head) {
    String line = fork + "\t" + round + "\t" + base + "\t" + head + "\n";
    try {
      Files.writeString(
          work.resolve("runs.tsv"),
          line,
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new HarnessException(
          "cannot write " + work.resolve("runs.tsv") + ": " + e.getMessage(), e);
    }
  }

  private static String readOr(Path p, String fallback) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return fallback;
    }
  }

  private static void write(Path p, String text) {
    try {
      Files.createDirectories(p.toAbsolutePath().getParent());
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HarnessException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  private static void mkdirs(Path p) {
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new HarnessException("cannot create " + p + ": " + e.getMessage(), e);
    }
  }

  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new HarnessException("no free TCP port: " + e.getMessage(), e);
    }
  }

  private static String short12(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }

  /** Parses {@code K=V} pairs of --head-env/--base-env, naming a bad one. */
  public static Map<String, String> env(List<String> pairs, String flag) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : pairs) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(flag + " takes K=V, got '" + kv + "'");
      }
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }
}
