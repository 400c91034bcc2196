package dev.redline.checker.cli;

import dev.redline.checker.harness.Gate;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/**
 * How {@code gate} and {@code calibrate} measure: rounds, JVM pairs, mode, load, plan seed. One set
 * of options and environment variables, so that a calibration measures the gate as it is set.
 */
final class MeasureOptions {
  /**
   * The gate's default rounds, seconds per load run and arrival rate; {@code gate-proof} and {@code
   * noise --per-side} default to them too, so that the proof and the noise estimate measure the
   * gate as it ships.
   */
  static final String DEFAULT_ROUNDS = "16";

  static final String DEFAULT_SECONDS = "8";

  /**
   * 100/s, with the PR mix's deep page at 6% (it was 20%). At 40/s a route's per-round CPU per
   * request rested on about 50 requests, and one request's CPU time varies by 20-60% (CV), so that
   * mean alone moved 3-8% a round. At 100/s with the deep page at 20% the platforms, their
   * injectors and PostgreSQL saturated 2 cores (the session list took 13 ms of service time for 2
   * ms of CPU, and missed a latency:12 head in 4 of 8 proofs), so 50/s was the default on the
   * morning of 2026-12-02. Duet A/A calibrations of that day, seeds 3750 and 911: MDE medians over
   * the 5 PR routes at 50/s with the old mix and at 100/s with the new: service time p50 13% and
   * 8.7%, CPU mean 13% and 8.7%, CPU p50 7.4% and 5.0%; figures at the 5% goal 2 and 8 of 30.
   */
  static final String DEFAULT_RPS = "100";

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "${env:REDLINE_GATE_ROUNDS:-" + DEFAULT_ROUNDS + "}",
      description =
          "Load rounds; each measures base and head once (default ${DEFAULT-VALUE}, min 2). Env: REDLINE_GATE_ROUNDS.")
  int rounds;

  @Option(
      names = "--forks",
      paramLabel = "N",
      defaultValue = "${env:REDLINE_GATE_FORKS:-1}",
      description =
          "Pairs of platform JVMs the rounds are spread over; must divide --rounds (default ${DEFAULT-VALUE}). Env: REDLINE_GATE_FORKS.")
  int forks;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "${env:REDLINE_GATE_MODE:-duet}",
      description =
          "duet: both sides loaded at once; pinned: the same, each platform on its own CPU (swapped between rounds); sequential: one after the other (default ${DEFAULT-VALUE}). Env: REDLINE_GATE_MODE.")
  Gate.Mode mode;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "${env:REDLINE_GATE_SECONDS:-" + DEFAULT_SECONDS + "}",
      description =
          "Length of one load run in seconds (default ${DEFAULT-VALUE}). Env: REDLINE_GATE_SECONDS.")
  int seconds;

  @Option(
      names = "--rps",
      paramLabel = "R",
      defaultValue = "${env:REDLINE_GATE_RPS:-" + DEFAULT_RPS + "}",
      description =
          "Arrival rate of the load runs, users/s (default ${DEFAULT-VALUE}). Env: REDLINE_GATE_RPS.")
  int rps;

  @Option(
      names = "--ws-seconds",
      paramLabel = "S",
      defaultValue = "${env:REDLINE_GATE_WS_SECONDS:-0}",
      description =
          "Each round, after the load runs: a /ws window of S recorded seconds (after 2 unrecorded)"
              + " on each platform, RealtimeLoad latency: its connect and delivery times and the"
              + " platform's own delivery time, compared like the requests (default"
              + " ${DEFAULT-VALUE}: off, 16 windows of 3 s add about 120 s on 2 cores; gate-proof"
              + " and the PR workflow use 3). Env: REDLINE_GATE_WS_SECONDS.")
  int wsSeconds;

  @Option(
      names = "--ws-clients",
      paramLabel = "N",
      defaultValue = "${env:REDLINE_GATE_WS_CLIENTS:-1000}",
      description =
          "WebSocket clients of each /ws window, all in the room of the 10 synthetic events/s (default"
              + " ${DEFAULT-VALUE}, at most 5000). Env: REDLINE_GATE_WS_CLIENTS.")
  int wsClients;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description =
          "Where the reports go (default .redline/gate/report, .redline/calibrate/report).")
  Path reportDir;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "${env:REDLINE_GATE_SEED}",
      description =
          "Seed of the round plan (default: random; printed, so a gate can be replayed). Env: REDLINE_GATE_SEED.")
  Long seed;

  /** The gate's options from these settings and the command's own. */
  Gate.Options gateOptions(
      String baseRef,
      int jmhRounds,
      java.util.Map<String, String> headEnv,
      java.util.Map<String, String> baseEnv) {
    return new Gate.Options(
        baseRef,
        rounds,
        forks,
        seconds,
        rps,
        Integer.parseInt(System.getenv().getOrDefault("REDLINE_GATE_USERS", "20")),
        jmhRounds,
        mode,
        reportDir == null ? null : reportDir.toAbsolutePath(),
        headEnv,
        baseEnv,
        seedOrRandom(),
        wsSeconds,
        wsClients);
  }

  /** The seed given, or a random one (printed by the gate, so a run can be replayed). */
  long seedOrRandom() {
    return seed != null ? seed : ThreadLocalRandom.current().nextLong(10_000);
  }
}
