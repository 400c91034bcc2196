package dev.redline.checker.cli;

import dev.redline.checker.harness.Checkout;
import dev.redline.checker.harness.Gate;
import dev.redline.checker.harness.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code redline gate}: parses the options, runs {@link Gate}, returns its exit code. */
@Command(
    name = "gate",
    sortOptions = false,
    usageHelpWidth = 100,
    description =
        "The PR regression gate: measures the base commit REF and this checkout (head) in rounds"
            + " and fails on a statistically significant slowdown beyond the threshold (10%% by"
            + " default). The head is this checkout as it is (uncommitted changes included); when"
            + " REF is this checkout's clean commit, the head's build serves for both sides.",
    footerHeading = "%nEnvironment only:%n",
    footer = {
      "  REDLINE_WARMUP_RPS, REDLINE_WARMUP_MIN_SECONDS, REDLINE_WARMUP_SECONDS,",
      "  REDLINE_WARMUP_WINDOW, REDLINE_WARMUP_TOLERANCE  the unrecorded warm-up of each platform:",
      "      100 users/s (rising from 20/s over the first 60 s) until every route's CPU per",
      "      request moves by at most 10%% between two 10 s windows (at least 60 s, at most 120 s)",
      "  REDLINE_GATE_USERS  users the load runs rotate over (default 20)",
      "  REDLINE_METRICS_TOKEN, REDLINE_METRICS_PATH  the service's Prometheus scrape",
      "      (default dev-admin-token, /actuator/prometheus)",
      "  PLATFORM_JAVA_OPTS, GATLING_JAVA_OPTS  JVM options of the platforms and the injectors",
      "  REDLINE_GATE_INJECTOR  kept (default): each side's rounds in one injector JVM, started",
      "      with the warm-up; per-round: a new Gatling JVM for every round",
      "  REDLINE_GATE_INJECTOR_OPTS  JVM options only the gate's injectors get, before",
      "      GATLING_JAVA_OPTS (default -XX:TieredStopAtLevel=1 -XX:+UseSerialGC; empty: none)",
      "%nExit codes:%n  0  pass%n  1  regression%n  2  usage or input error"
    },
    mixinStandardHelpOptions = true)
final class GateCommand implements Callable<Integer> {

  @Option(
      names = "--base",
      paramLabel = "REF",
      defaultValue = "${env:REDLINE_GATE_BASE}",
      description = "Git ref or commit of the baseline (required). Env: REDLINE_GATE_BASE.")
  String base;

  @Mixin MeasureOptions measure;

  @Option(
      names = "--jmh-rounds",
      paramLabel = "N",
      defaultValue = "${env:REDLINE_GATE_JMH_ROUNDS:-2}",
      description =
          "JMH rounds, quick profile (default ${DEFAULT-VALUE}; 0 skips JMH). Env: REDLINE_GATE_JMH_ROUNDS.")
  int jmhRounds;

  @Option(
      names = "--head-env",
      paramLabel = "K=V",
      description =
          "Extra environment for the head platform (repeatable), e.g. PLATFORM_DEGRADE=cpu:12.")
  List<String> headEnv = new ArrayList<>();

  @Option(
      names = "--base-env",
      paramLabel = "K=V",
      description = "Extra environment for the base platform (repeatable).")
  List<String> baseEnv = new ArrayList<>();

  @Option(
      names = "--jfr",
      description =
          "Record each platform with JDK Flight Recorder during the load windows and add the"
              + " hottest methods of base and head side by side to the report (jfr.txt,"
              + " summary.md).")
  boolean jfr;

  @Override
  public Integer call() {
    if (base == null || base.isBlank()) {
      throw new IllegalArgumentException("--base REF is required (e.g. --base origin/main)");
    }
    Path root = root();
    Gate.Options options =
        measure.gateOptions(
            base, jmhRounds, Gate.env(headEnv, "--head-env"), Gate.env(baseEnv, "--base-env"));
    int steps = 3 + measure.forks + (jmhRounds > 0 ? 1 : 0);
    return new Gate(
            new Checkout(root), home(root), options, new Progress(System.out, System.err, steps))
        .withJfr(jfr)
        .run();
  }

  /** Where the orchestrating commands keep what they leave: REDLINE_HOME, else .redline. */
  static Path home(Path root) {
    String env = System.getenv("REDLINE_HOME");
    return (env != null ? Path.of(env) : root.resolve(".redline")).toAbsolutePath();
  }

  /**
   * The repository this command works on: REDLINE_ROOT (set by ./redline), else the nearest folder
   * with .git.
   */
  static Path root() {
    String env = System.getenv("REDLINE_ROOT");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "not inside a git checkout; run ./redline gate from the repository");
  }
}
