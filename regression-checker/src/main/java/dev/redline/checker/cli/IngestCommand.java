package dev.redline.checker.cli;

import dev.redline.checker.usecase.Ingest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code redline ingest}: reads results and stores them as runs in the history. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Reads Gatling, JMH or k6 results and stores each as a run (or, with --merge, all as one run).")
public class IngestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description =
          "Gatling run folders or simulation.log files, JMH JSON or k6 JSON output files.")
  List<Path> paths;

  @Option(
      names = "--merge",
      defaultValue = "${env:REDLINE_MERGE:-false}",
      description = {
        "The Gatling logs are parallel injectors of one run: merge them exactly.",
        "Env: REDLINE_MERGE. Default: ${DEFAULT-VALUE}."
      })
  boolean merge;

  @Option(
      names = "--invalid",
      paramLabel = "REASON",
      defaultValue = "${env:REDLINE_INVALID}",
      description = {
        "Store the runs as invalid (never a history baseline), for this reason.",
        "Env: REDLINE_INVALID. Default: valid."
      })
  String invalidReason;

  @Mixin RunOptions runOptions;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Ingest.store(
        paths, runOptions, merge, invalidReason, common::store, spec.commandLine().getOut());
    return RedlineCommand.PASS;
  }
}
