package dev.redline.checker.cli;

import dev.redline.checker.harness.GateProof;
import dev.redline.checker.harness.Progress;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code redline gate-proof}: the gate's end-to-end proof against the regression corpus. */
@Command(
    name = "gate-proof",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "The end-to-end proof that the gate works (run by .ci/run): three gates of this checkout"
          + " against itself, each `redline gate --base HEAD --jmh-rounds 0` with its console in a"
          + " log file and its verdicts read from its JUnit XML:",
      "  same-build   the same build (A/A) passes;",
      "  corpus       a head with "
          + GateProof.CORPUS
          + " fails, names every degraded endpoint by the"
          + " measurement of its kind, and no other endpoint;",
      "  below-limit  a head at cpu:5 everywhere (below the 10%% limit) passes.",
      "Checks not yet right every time (A/A pass, cpu:12, latency:12 and /ws named, cpu:5 passes) are"
          + " reported as MISS and are not fatal unless --all-fatal."
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  every fatal check right",
      "  1  a fatal check wrong",
      "  2  usage or input error"
    },
    mixinStandardHelpOptions = true)
final class GateProofCommand implements Callable<Integer> {

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "${env:REDLINE_E2E_ROUNDS:-" + MeasureOptions.DEFAULT_ROUNDS + "}",
      description = "Rounds of each gate (default ${DEFAULT-VALUE}). Env: REDLINE_E2E_ROUNDS.")
  int rounds;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "${env:REDLINE_E2E_SECONDS:-" + MeasureOptions.DEFAULT_SECONDS + "}",
      description = "Length of a load run (default ${DEFAULT-VALUE}). Env: REDLINE_E2E_SECONDS.")
  int seconds;

  @Option(
      names = "--rps",
      paramLabel = "R",
      defaultValue = "${env:REDLINE_E2E_RPS:-" + MeasureOptions.DEFAULT_RPS + "}",
      description = "Arrival rate, users/s (default ${DEFAULT-VALUE}). Env: REDLINE_E2E_RPS.")
  int rps;

  @Option(
      names = "--only",
      paramLabel = "GATES",
      split = "[ ,]",
      defaultValue = "${env:REDLINE_E2E_ONLY:-same-build,corpus,below-limit}",
      description =
          "Which gates: same-build, corpus, below-limit (default all). Env: REDLINE_E2E_ONLY.")
  List<String> only;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "${env:REDLINE_E2E_DIR}",
      description = "Where logs and reports go (default .redline/gate-e2e). Env: REDLINE_E2E_DIR.")
  Path dir;

  @Option(
      names = "--all-fatal",
      defaultValue = "${env:REDLINE_E2E_ALL_FATAL:-false}",
      fallbackValue = "true",
      arity = "0..1",
      description = "Every check is fatal, the soft ones too. Env: REDLINE_E2E_ALL_FATAL (1/true).")
  String allFatal;

  @Override
  public Integer call() {
    Set<String> gates = new LinkedHashSet<>();
    for (String g : only) {
      if (g.isBlank()) {
        continue;
      }
      if (!GateProof.GATES.contains(g)) {
        throw new IllegalArgumentException(
            "--only takes " + String.join(", ", GateProof.GATES) + "; got '" + g + "'");
      }
      gates.add(g);
    }
    if (rounds < 2 || seconds < 1 || rps < 1) {
      throw new IllegalArgumentException(
          "--rounds must be at least 2, --seconds and --rps at least 1; got "
              + rounds
              + ", "
              + seconds
              + ", "
              + rps);
    }
    Path root = GateCommand.root();
    Path out = dir != null ? dir.toAbsolutePath() : GateCommand.home(root).resolve("gate-e2e");
    boolean fatal = allFatal.equals("1") || allFatal.equalsIgnoreCase("true");
    boolean ok =
        GateProof.run(
            new GateProof.Settings(root, out, rounds, seconds, rps, gates, fatal),
            List.of(root.resolve("redline").toString()),
            new Progress(System.out, System.err, 0));
    return ok ? RedlineCommand.PASS : RedlineCommand.REGRESSION;
  }
}
