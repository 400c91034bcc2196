package dev.redline.checker.cli;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.decide.Status;
import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.model.Run;
import dev.redline.checker.report.PairedReport;
import dev.redline.checker.usecase.Noise;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code redline noise}: calibration from A/A runs (the same build measured several times). For
 * each measurement it reports the run-to-run noise and the smallest change the {@code ab} gate can
 * detect with a given number of runs per side; a measurement whose detectable change is beyond its
 * threshold is marked too noisy to gate. {@code redline calibrate} produces the runs and calls
 * this.
 */
@Command(
    name = "noise",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measures each measurement's run-to-run noise from A/A runs and the smallest change the ab gate can detect.",
      "Each PATH is one run of the same build: a Gatling run folder or a JMH JSON file."
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  calibrated (even when some measurements are too noisy)",
      "  2  usage or input error"
    })
public class NoiseCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "3..*", paramLabel = "PATH", description = "At least three A/A runs.")
  List<Path> runs = new ArrayList<>();

  @Option(
      names = "--per-side",
      paramLabel = "N",
      defaultValue = "${env:REDLINE_GATE_ROUNDS:-" + MeasureOptions.DEFAULT_ROUNDS + "}",
      description = {
        "Runs per side the gate will compare (its --rounds), 2..1000.",
        "Env: REDLINE_GATE_ROUNDS. Default: ${DEFAULT-VALUE}."
      })
  int perSide;

  @Option(
      names = "--threshold",
      paramLabel = "PCT",
      defaultValue = "${env:REDLINE_THRESHOLD}",
      description = {
        "Default limit in percent, overriding the config's.",
        "Env: REDLINE_THRESHOLD. Default: the config's, else 10."
      })
  Double threshold;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "${env:REDLINE_CONFIG}",
      description = {
        "Decision config with per-metric thresholds (see compare --help).",
        "Env: REDLINE_CONFIG. Default: redline.properties at the repository root when it exists."
      })
  Path config;

  @Option(
      names = "--paired-with",
      arity = "3..*",
      paramLabel = "PATH",
      description = {
        "The other side of paired rounds: the i-th PATH and the i-th of these ran at the same"
            + " time (redline calibrate's duet A/A rounds). Calibrates the gate's paired test.",
        "No env var; default none (the PATHs are independent runs)."
      })
  List<Path> pairedWith;

  @Option(
      names = "--goal",
      paramLabel = "PCT",
      defaultValue = "${env:REDLINE_CALIBRATE_GOAL:-5}",
      description = {
        "With --paired-with: the minimum detectable effect wanted for the service's time p50 and"
            + " CPU per request of every route; the rounds each needs are printed.",
        "Env: REDLINE_CALIBRATE_GOAL. Default: ${DEFAULT-VALUE}."
      })
  double goalPct;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = {"Also write the table as Markdown here.", "No env var; default none."})
  Path markdown;

  @Mixin RunOptions runOptions;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    if (perSide < 2 || perSide > 1000) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--per-side must be within 2..1000, got " + perSide + ".");
    }
    DecisionConfig cfg = CompareCommand.decisionConfig(config, threshold);
    if (pairedWith != null) {
      return paired(cfg);
    }
    List<Run> read = Inputs.read(runs, runOptions);
    List<Noise.Row> table = Noise.independent(read, cfg, perSide);
    Comparison aa = Noise.aaCheck(read, cfg);
    String text = render(read, table, aa, cfg, perSide, false);
    spec.commandLine().getOut().print(text);
    if (markdown != null) {
      Path parent = markdown.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(
          markdown, render(read, table, aa, cfg, perSide, true), StandardCharsets.UTF_8);
    }
    return RedlineCommand.PASS;
  }

  /** Paired rounds: the gate's own test, its family after Holm, and the goal. */
  private int paired(DecisionConfig cfg) throws Exception {
    if (pairedWith.size() != runs.size()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--paired-with needs one run for each PATH, got "
              + pairedWith.size()
              + " for "
              + runs.size()
              + ".");
    }
    if (!(goalPct > 0)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--goal must be above 0 percent, got " + goalPct + ".");
    }
    print(
        Noise.pairedReport(runs, pairedWith, null, runOptions, cfg, goalPct),
        markdown,
        spec.commandLine().getOut());
    return RedlineCommand.PASS;
  }

  /** Prints a paired calibration and writes its full table to {@code markdown} when given. */
  static void print(PairedReport report, Path markdown, PrintWriter out) throws IOException {
    out.print(report.console());
    if (markdown != null) {
      Path parent = markdown.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(markdown, report.markdown(), StandardCharsets.UTF_8);
      out.println("Full table: " + markdown);
    }
  }

  static String render(
      List<Run> runs,
      List<Noise.Row> table,
      Comparison aa,
      DecisionConfig cfg,
      int perSide,
      boolean md) {
    StringBuilder sb = new StringBuilder();
    Run ref = runs.get(0);
    String head =
        String.format(
            Locale.ROOT,
            "Calibration of %s (profile %s) from %d A/A runs: noise per measurement and the smallest"
                + " change the ab gate detects with %d runs per side (alpha %.2f, power %.0f%%).",
            ref.suite(),
            ref.profile(),
            runs.size(),
            perSide,
            cfg.alpha(),
            Noise.POWER * 100);
    sb.append(md ? "## Redline calibration\n\n" : "").append(head).append(md ? "\n\n" : "\n\n");
    String fmt =
        md ? "| %s | %d | %s | %s | %s | %s | %s |%n" : "%-44s %4d  %12s  %8s  %10s  %7s  %s%n";
    if (md) {
      sb.append("| measurement | runs | median | noise (CV) | detectable | limit | status |\n");
      sb.append("|---|---:|---:|---:|---:|---:|---|\n");
    } else {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-44s %4s  %12s  %8s  %10s  %7s  %s%n",
              "measurement",
              "runs",
              "median",
              "noise",
              "detectable",
              "limit",
              "status"));
    }
    int noisy = 0;
    for (Noise.Row n : table) {
      if (!n.gateable()) {
        noisy++;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              fmt,
              n.key(),
              n.runs(),
              String.format(Locale.ROOT, "%.2f %s", n.median(), n.unit()),
              String.format(Locale.ROOT, "%.1f%%", n.cvPct()),
              n.absolute() ? "budget" : String.format(Locale.ROOT, "%.1f%%", n.detectablePct()),
              n.absolute() ? "—" : String.format(Locale.ROOT, "%.0f%%", n.thresholdPct()),
              n.gateable() ? "gateable" : "TOO NOISY to gate at its limit"));
    }
    sb.append(md ? "\n" : "\n")
        .append(
            String.format(
                Locale.ROOT,
                "%d of %d measurements are too noisy to gate at their limit%s.%n",
                noisy,
                table.size(),
                noisy == 0 ? "" : ": raise their threshold in redline.properties or add rounds"));
    if (aa != null) {
      sb.append(
          String.format(
              Locale.ROOT,
              "A/A check (odd runs vs even runs, ab): %d regression(s), %d noisy, %d"
                  + " inconclusive, %d unchanged of %d verdicts.%n",
              aa.count(Status.REGRESSION),
              aa.count(Status.NOISY),
              aa.count(Status.INCONCLUSIVE),
              aa.count(Status.UNCHANGED),
              aa.verdicts().size()));
    }
    return sb.toString();
  }
}
