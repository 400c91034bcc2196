package dev.redline.checker.cli;

import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.harness.Checkout;
import dev.redline.checker.harness.Gate;
import dev.redline.checker.harness.HarnessException;
import dev.redline.checker.harness.Progress;
import dev.redline.checker.usecase.Check;
import dev.redline.checker.usecase.Compare;
import dev.redline.checker.usecase.Noise;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code redline calibrate}: the gate's rounds with this checkout on both sides (A/A), then each
 * measurement's minimum detectable effect under the gate's own paired test (see {@code noise
 * --paired-with}).
 */
@Command(
    name = "calibrate",
    sortOptions = false,
    usageHelpWidth = 100,
    description =
        "A/A calibration of the gate: measures this checkout against itself exactly as the gate"
            + " measures base and head (two platform JVMs, warm-up, duet, pinned or sequential rounds,"
            + " the same settings and environment variables), then prints for every measurement the"
            + " smallest change the gate's paired test detects with 80%% power after Holm (the"
            + " MDE), the rounds it would need to reach the goal, and which measurements are too"
            + " noisy to gate at their limit.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  calibrated (also when some measurements are too noisy)",
      "  2  usage or input error"
    },
    mixinStandardHelpOptions = true)
final class CalibrateCommand implements Callable<Integer> {

  @Mixin MeasureOptions measure;

  @Option(
      names = "--jmh-rounds",
      paramLabel = "N",
      defaultValue = "${env:REDLINE_CALIBRATE_JMH_ROUNDS:-0}",
      description =
          "A/A JMH rounds, quick profile (default ${DEFAULT-VALUE}; 0 or at least 3). Env: REDLINE_CALIBRATE_JMH_ROUNDS.")
  int jmhRounds;

  @Option(
      names = "--goal",
      paramLabel = "PCT",
      defaultValue = "${env:REDLINE_CALIBRATE_GOAL:-5}",
      description =
          "The MDE wanted for the service's time p50 and CPU per request of every route (default ${DEFAULT-VALUE}). Env: REDLINE_CALIBRATE_GOAL.")
  double goal;

  @Override
  public Integer call() {
    if (measure.rounds < 3) {
      throw new IllegalArgumentException(
          "--rounds must be at least 3 to estimate the noise of paired rounds, got "
              + measure.rounds);
    }
    if (jmhRounds != 0 && jmhRounds < 3) {
      throw new IllegalArgumentException("--jmh-rounds must be 0 or at least 3, got " + jmhRounds);
    }
    Path root = GateCommand.root();
    Gate.Options options = measure.gateOptions("HEAD", jmhRounds, Map.of(), Map.of());
    Progress progress =
        new Progress(System.out, System.err, 3 + measure.forks + (jmhRounds > 0 ? 1 : 0));
    Gate.Measured m =
        new Gate(new Checkout(root), GateCommand.home(root), options, progress)
            .measureAgainstItself();
    progress.step("the noise of every measurement and what the gate can detect");
    boolean computed =
        noise(
            root,
            new Compare.Overrides("pr", "pr", null, null),
            m.baseRuns(),
            m.headRuns(),
            m.roundForks(),
            m.report().resolve("noise-load.md"));
    if (m.jmhRounds() > 0) {
      computed &=
          noise(
              root,
              new Compare.Overrides(null, "quick", null, null),
              m.baseJmh(),
              m.headJmh(),
              null,
              m.report().resolve("noise-jmh.md"));
    }
    if (!computed) {
      throw new HarnessException(
          "the calibration could not be computed (see above); the runs are kept in " + m.work());
    }
    long elapsed = (System.nanoTime() - m.startedNanos()) / 1_000_000_000L;
    progress.say("calibration finished in " + elapsed + " s; reports in " + m.report());
    return RedlineCommand.PASS;
  }

  /**
   * The paired calibration of one kind of rounds ({@code forkOfRound}: the JVM pair of each, null
   * for one), printed; false when it cannot be computed.
   */
  private boolean noise(
      Path root,
      Compare.Overrides what,
      List<Path> base,
      List<Path> head,
      int[] forkOfRound,
      Path markdown) {
    if (base.size() < 3) {
      throw new HarnessException(
          "only "
              + base.size()
              + " rounds were measured on both sides; the calibration needs three or more");
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    try {
      DecisionConfig cfg = Check.fromEnvironment(root).config();
      NoiseCommand.print(
          Noise.pairedReport(base, head, forkOfRound, what, cfg, goal), markdown, out);
      return true;
    } catch (Exception e) {
      out.flush();
      System.err.println(RedlineCommand.sentence(e));
      return false;
    } finally {
      out.flush();
    }
  }
}
