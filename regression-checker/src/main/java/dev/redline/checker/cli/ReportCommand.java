package dev.redline.checker.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code redline report}: like compare, but only writes the reports; a regression still exits 0.
 * Without {@code --current} it reports the newest folder {@code redline run} left, into that
 * folder's {@code report/}.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compares like 'compare' and writes verdicts.md, junit.xml and report.html.",
      "Without --current: the newest run under .redline/runs, its reports into its report/ folder;"
          + " with --current: into --report-dir, default .redline/report."
    },
    footerHeading = "%nExit codes:%n",
    footer = {"  0  the reports were written (also on a regression)", "  2  usage or input error"})
public class ReportCommand extends CompareCommand {
  private Path newestRun;

  @Override
  protected boolean failOnRegression() {
    return false;
  }

  @Override
  protected Path defaultReportDir() {
    return newestRun != null
        ? newestRun.resolve("report")
        : CommonOptions.repoRoot().resolve(".redline").resolve("report");
  }

  @Override
  protected List<Path> defaultCurrent() {
    Path runs = CommonOptions.repoRoot().resolve(".redline").resolve("runs");
    if (!Files.isDirectory(runs)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(runs)) {
      newestRun =
          s.filter(p -> Files.isDirectory(p.resolve("window")))
              .max(Comparator.comparing(p -> p.getFileName().toString()))
              .orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (newestRun != null && System.getenv("REDLINE_BASELINE_BRANCH") == null) {
      // The local run's own branch, as `redline run` compared it.
      baselineBranch = new dev.redline.checker.harness.Checkout(CommonOptions.repoRoot()).branch();
    }
    return newestRun == null ? List.of() : List.of(newestRun);
  }
}
