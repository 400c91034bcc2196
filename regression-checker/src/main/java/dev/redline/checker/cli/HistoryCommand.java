package dev.redline.checker.cli;

import dev.redline.checker.model.Run;
import dev.redline.checker.report.Format;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.RunQuery;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code redline history}: lists stored runs, shows a measurement's trend, marks runs (in)valid.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Lists the stored runs, newest first; shows one measurement's trend; marks a run invalid or valid.")
public class HistoryCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--suite",
      paramLabel = "NAME",
      description = {"Only this suite.", "No env var; default all."})
  String suite;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = {"Only this profile.", "No env var; default all."})
  String profile;

  @Option(
      names = "--branch",
      paramLabel = "NAME",
      description = {"Only this branch.", "No env var; default all."})
  String branch;

  @Option(
      names = "--machine",
      paramLabel = "FINGERPRINT",
      description = {"Only this machine.", "No env var; default all."})
  String machine;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = {"Show at most N runs.", "No env var; default ${DEFAULT-VALUE}."})
  int limit;

  @Option(
      names = "--trend",
      paramLabel = "MEASUREMENT",
      description = {
        "Show this measurement's value per run instead, e.g. 'GET /dashboard/stats p95'.",
        "No env var; default none."
      })
  String trend;

  @Option(
      names = "--invalidate",
      paramLabel = "RUN_ID",
      description = {"Mark this run invalid (never a baseline again).", "No env var."})
  String invalidate;

  @Option(
      names = "--validate",
      paramLabel = "RUN_ID",
      description = {"Mark this run valid again.", "No env var."})
  String validate;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      defaultValue = "marked invalid by hand",
      description = {"Why, with --invalidate.", "Default: ${DEFAULT-VALUE}."})
  String reason;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (ResultStore store = common.store()) {
      if (invalidate != null || validate != null) {
        String id = invalidate != null ? invalidate : validate;
        store.setValidity(id, invalidate == null, invalidate == null ? "" : reason);
        out.println("Run " + id + " is now " + (invalidate == null ? "valid" : "invalid") + ".");
        return RedlineCommand.PASS;
      }
      List<Run> runs =
          store.list(new RunQuery(suite, profile, branch, machine)).stream().limit(limit).toList();
      out.println(store.describe() + ": " + runs.size() + " run(s) shown");
      if (trend != null) {
        out.printf("%-22s %-12s %-10s %12s%n", "STARTED", "BRANCH", "COMMIT", trend);
        for (Run r : runs) {
          String v = r.measurement(trend).map(m -> Format.value(m.value(), m.unit())).orElse("-");
          out.printf("%-22s %-12s %-10s %12s%n", r.startedAt(), r.branch(), abbrev(r.commit()), v);
        }
        return RedlineCommand.PASS;
      }
      out.printf(
          "%-48s %-20s %-24s %-8s %-12s %-10s %5s %s%n",
          "ID", "STARTED", "SUITE", "PROFILE", "BRANCH", "COMMIT", "MEAS", "VALID");
      for (Run r : runs) {
        out.printf(
            "%-48s %-20s %-24s %-8s %-12s %-10s %5d %s%n",
            r.id(),
            r.startedAt().toString().substring(0, 19),
            r.suite(),
            r.profile(),
            r.branch(),
            abbrev(r.commit()),
            r.measurements().size(),
            r.valid() ? "yes" : "no (" + r.invalidReason() + ")");
      }
    }
    return RedlineCommand.PASS;
  }

  private static String abbrev(String commit) {
    return commit.length() > 10 ? commit.substring(0, 10) : commit;
  }
}
