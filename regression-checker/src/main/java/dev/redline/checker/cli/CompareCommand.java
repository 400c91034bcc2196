package dev.redline.checker.cli;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.usecase.Compare;
import dev.redline.checker.usecase.Compare.Mode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code redline compare}: verdict per measurement, exit 0 pass, 1 regression, 2 bad input. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compares current runs with a baseline and prints a verdict per measurement.",
      "Each PATH is a Gatling run folder (or its simulation.log), a JMH JSON result file or a RealtimeLoad .tsv result; each is one run."
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  pass (no regression)",
      "  1  at least one regression",
      "  2  usage or input error"
    })
public class CompareCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-b", "--baseline"},
      arity = "1..*",
      paramLabel = "PATH",
      description = {"Baseline runs (for the ab and file modes).", "No env var; no default."})
  List<Path> baseline = new ArrayList<>();

  @Option(
      names = {"-c", "--current"},
      arity = "1..*",
      paramLabel = "PATH",
      description = {
        "Current runs to judge (a Gatling run folder, the folder 'redline run' prints, or JMH JSON).",
        "No env var; required for compare; report defaults to the newest 'redline run' folder."
      })
  List<Path> current = new ArrayList<>();

  @Option(
      names = "--merge",
      defaultValue = "${env:REDLINE_MERGE:-false}",
      description = {
        "The --current Gatling logs are parallel injectors (shards) of one run: merge them exactly"
            + " into one current run before deciding.",
        "Env: REDLINE_MERGE. Default: ${DEFAULT-VALUE}."
      })
  boolean merge;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "${env:REDLINE_BASELINE_MODE:-auto}",
      description = {
        "Baseline: ab (>= 2 baseline and >= 2 current runs, same machine, interleaved), history (last --last good runs of --baseline-branch from the store), file (the --baseline paths, pinned), auto (history without --baseline; ab with >= 2 runs on each side; else file).",
        "Env: REDLINE_BASELINE_MODE. Default: ${DEFAULT-VALUE}."
      })
  Mode mode;

  @Option(
      names = "--baseline-branch",
      paramLabel = "NAME",
      defaultValue = "${env:REDLINE_BASELINE_BRANCH:-main}",
      description = {
        "Branch whose runs form the history baseline.",
        "Env: REDLINE_BASELINE_BRANCH. Default: ${DEFAULT-VALUE}."
      })
  String baselineBranch;

  @Option(
      names = "--last",
      paramLabel = "N",
      defaultValue = "${env:REDLINE_HISTORY_RUNS:-10}",
      description = {
        "How many good runs the history baseline takes, 1..1000.",
        "Env: REDLINE_HISTORY_RUNS. Default: ${DEFAULT-VALUE}."
      })
  int last;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "${env:REDLINE_CONFIG}",
      description = {
        "Decision config (threshold, per-metric thresholds, error budget, alpha); see the README.",
        "Env: REDLINE_CONFIG. Default: redline.properties at the repository root when it exists, else built-in (10%%, 1 pp, alpha 0.05)."
      })
  Path config;

  @Option(
      names = "--threshold",
      paramLabel = "PCT",
      defaultValue = "${env:REDLINE_THRESHOLD}",
      description = {
        "Default limit in percent, overriding the config's 'threshold'.",
        "Env: REDLINE_THRESHOLD. Default: the config's, else 10."
      })
  Double threshold;

  @Option(
      names = "--allow-cross-machine",
      defaultValue = "${env:REDLINE_ALLOW_CROSS_MACHINE:-false}",
      description = {
        "Compare runs from different machines or JDKs anyway.",
        "Env: REDLINE_ALLOW_CROSS_MACHINE. Default: ${DEFAULT-VALUE}."
      })
  boolean allowCrossMachine;

  @Option(
      names = "--paired",
      defaultValue = "${env:REDLINE_PAIRED:-false}",
      description = {
        "ab only: the i-th --baseline and i-th --current run were measured in the same round (interleaved), so decide with the paired t-test on per-round ratios, which cancels drift between rounds.",
        "Env: REDLINE_PAIRED. Default: ${DEFAULT-VALUE}."
      })
  boolean paired;

  @Option(
      names = "--paired-iterations",
      defaultValue = "false",
      description =
          "With --paired: the runs' iterations ran at the same time too (the gate's duet JMH rounds), so pair the j-th iteration of each baseline run with the j-th of its current run.")
  boolean pairedIterations;

  @Option(
      names = "--save",
      defaultValue = "${env:REDLINE_SAVE:-false}",
      description = {
        "Store the current runs and the verdicts in the history afterwards.",
        "Env: REDLINE_SAVE. Default: ${DEFAULT-VALUE}."
      })
  boolean save;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      defaultValue = "${env:REDLINE_REPORT_DIR}",
      description = {
        "Write verdicts.md, junit.xml and report.html into DIR.",
        "Env: REDLINE_REPORT_DIR. Default: none (report: redline-report)."
      })
  Path reportDir;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = {"Write the Markdown summary here.", "No env var; default none."})
  Path markdown;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = {"Write JUnit XML here.", "No env var; default none."})
  Path junit;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = {"Write the HTML report here.", "No env var; default none."})
  Path html;

  /** The comparison made, for {@code redline run}'s summary; null until one is made. */
  Comparison comparison;

  @Mixin RunOptions runOptions;
  @Mixin CommonOptions common;

  /** {@code compare} fails on a regression; {@code report} does not. */
  protected boolean failOnRegression() {
    return true;
  }

  @Override
  public Integer call() throws Exception {
    if (last < 1 || last > 1000) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--last must be within 1..1000, got " + last + ".");
    }
    if (current.isEmpty()) {
      current.addAll(defaultCurrent());
    }
    if (current.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Missing required option: '--current=PATH'");
    }
    Mode effective = Compare.effective(mode, baseline.size(), current.size(), merge);
    if ((effective == Mode.ab || effective == Mode.file) && baseline.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Mode " + effective + " needs --baseline PATH...");
    }
    if (effective == Mode.history && !baseline.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Mode history takes its baseline from the store; drop --baseline.");
    }
    DecisionConfig cfg = decisionConfig(config, threshold);
    PrintWriter out = spec.commandLine().getOut();
    comparison =
        Compare.run(
            new Compare.Request(
                effective,
                baseline,
                current,
                runOptions,
                merge,
                baselineBranch,
                last,
                paired,
                pairedIterations,
                allowCrossMachine,
                save,
                Compare.Reports.in(
                    reportDir != null ? reportDir : defaultReportDir(), markdown, junit, html)),
            cfg,
            common::store,
            out,
            w -> spec.commandLine().getErr().println("warning: " + w));
    return comparison != null && comparison.failed() && failOnRegression()
        ? RedlineCommand.REGRESSION
        : RedlineCommand.PASS;
  }

  /** The decision config of {@code --config} and {@code --threshold} (see {@link Compare}). */
  static DecisionConfig decisionConfig(Path config, Double threshold) throws IOException {
    return Compare.config(config, CommonOptions.repoRoot(), threshold);
  }

  protected Path defaultReportDir() {
    return null;
  }

  /** The current runs when none is named: none for compare. */
  protected List<Path> defaultCurrent() {
    return List.of();
  }
}
