package dev.redline.checker.cli;

import dev.redline.checker.harness.Bench;
import dev.redline.checker.harness.Checkout;
import dev.redline.checker.harness.Jmh;
import dev.redline.checker.harness.Progress;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code redline bench}: parses the options, runs {@link Bench}, returns its exit code. */
@Command(
    name = "bench",
    sortOptions = false,
    usageHelpWidth = 100,
    mixinStandardHelpOptions = true,
    description = {
      "Runs the JMH micro-benchmarks, stores the result in the local history (and InfluxDB when"
          + " INFLUX_URL is set) and compares it with the previous runs of this branch."
    },
    footerHeading = "%nEnvironment only:%n",
    footer = {
      "  REDLINE_JMH_ARGS  JMH options over the profile's, e.g. '-wi 0 -i 2 -r 500ms' for a short",
      "      local run (default none)",
      "  REDLINE_HOME  default .redline;  REDLINE_HISTORY  default .redline/history",
      "%nExit codes:%n  0  pass%n  1  regression%n  2  usage or input error"
    })
final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      defaultValue = "${env:REDLINE_JMH_PROFILE:-quick}",
      description =
          "quick (default: the PR gate's subset, ~90 s) or full (every benchmark, the nightly"
              + " job). Env: REDLINE_JMH_PROFILE.")
  String profile;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description =
          "Where verdicts.md, junit.xml and report.html go"
              + " (default: the run folder's report/).")
  Path reportDir;

  @Option(names = "--no-compare", description = "Only record the run.")
  boolean noCompare;

  @Override
  public Integer call() {
    if (!Jmh.PROFILES.contains(profile)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unknown profile '" + profile + "'; use quick or full");
    }
    Path root = GateCommand.root();
    Path home = GateCommand.home(root);
    String stamp =
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
    Path runDir = Bench.runDir(home, stamp, profile);
    String history = System.getenv("REDLINE_HISTORY");
    Bench.Options options =
        new Bench.Options(
            profile,
            Bench.jmhArgs(System.getenv("REDLINE_JMH_ARGS")),
            runDir,
            Bench.reportDir(runDir, reportDir),
            !noCompare,
            history == null || history.isBlank() ? null : Path.of(history));
    return new Bench(new Checkout(root), home, options, new Progress(System.out, System.err, 3))
        .run();
  }
}
