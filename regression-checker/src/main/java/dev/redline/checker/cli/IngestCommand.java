package dev.redline.checker.cli;

import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.model.Run;
import dev.redline.checker.store.ResultStore;
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
    List<Run> runs =
        merge ? List.of(Inputs.readMerged(paths, runOptions)) : Inputs.read(paths, runOptions);
    try (ResultStore store = common.store()) {
      for (Run r : runs) {
        Run toSave = invalidReason == null ? r : r.withValidity(false, invalidReason);
        ResultStore.Saved saved = store.save(toSave);
        if (!saved.stored()) {
          spec.commandLine()
              .getOut()
              .printf(
                  "Run %s (%s) is already in %s; not stored again.%n",
                  toSave.id(), r.provenance().getOrDefault("input", "?"), saved.where());
          continue;
        }
        spec.commandLine()
            .getOut()
            .printf(
                "Stored run %s (%s, %s, %d measurements%s) in %s%n",
                toSave.id(),
                toSave.suite(),
                toSave.profile(),
                toSave.measurements().size(),
                toSave.valid() ? "" : ", invalid: " + toSave.invalidReason(),
                saved.where());
      }
    }
    return RedlineCommand.PASS;
  }
}
