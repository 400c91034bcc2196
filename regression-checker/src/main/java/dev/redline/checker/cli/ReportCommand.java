package dev.redline.checker.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * {@code redline report}: like compare, but only writes the reports; a regression still exits 0.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compares like 'compare' and writes verdicts.md, junit.xml and report.html (into --report-dir, default redline-report).",
      "Exits 0 even on a regression (use compare to gate); 2 on bad input."
    })
public class ReportCommand extends CompareCommand {
  @Override
  protected boolean failOnRegression() {
    return false;
  }

  @Override
  protected Path defaultReportDir() {
    return Path.of("redline-report");
  }
}
