package dev.redline.checker.cli;

import dev.redline.checker.changepoint.ChangePoint;
import dev.redline.checker.changepoint.ChangePointText;
import dev.redline.checker.changepoint.EnvironmentChange;
import dev.redline.checker.model.Run;
import dev.redline.checker.report.Format;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.RunQuery;
import dev.redline.checker.usecase.ChangePoints;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        "Lists the stored runs, newest first; shows one measurement's trend; marks a run invalid or"
            + " valid; lists the change points of the nightly series and acknowledges them.")
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
      description = {
        "Why, with --invalidate (default: marked invalid by hand) or --ack (required)."
      })
  String reason;

  @Option(
      names = "--change-points",
      description = {
        "List the change points of the nightly series instead: E-divisive means per measurement"
            + " over the valid runs of each suite, profile and branch, with the commit range (or"
            + " the environment change) and the size of each shift. New ones are logged in the"
            + " history (change-points/log.json) and, with INFLUX_URL, written to InfluxDB.",
        "No env var."
      })
  boolean changePoints;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description = {
        "With --change-points: only shifts from then on: 7d, 48h, 2026-11-01 or an ISO instant.",
        "No env var; default all."
      })
  String since;

  @Option(
      names = "--new",
      description = {
        "With --change-points: only those found for the first time by this command.",
        "No env var."
      })
  boolean onlyNew;

  @Option(
      names = "--all",
      description = {"With --change-points: acknowledged ones too.", "No env var."})
  boolean all;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = {
        "With --change-points: also write the listing as Markdown (a job summary).",
        "No env var."
      })
  Path markdown;

  @Option(
      names = "--alpha",
      paramLabel = "P",
      defaultValue = "${env:REDLINE_CHANGE_POINT_ALPHA:-0.001}",
      description = {
        "With --change-points: significance level of each permutation test, in (0, 0.01].",
        "Env: REDLINE_CHANGE_POINT_ALPHA. Default: ${DEFAULT-VALUE}."
      })
  double alpha;

  @Option(
      names = "--ack",
      paramLabel = "ID",
      description = {
        "Accept change point ID as the new normal (needs --reason): it is no longer reported;"
            + " the acknowledgement is kept with the history.",
        "No env var."
      })
  String ack;

  @Mixin CommonOptions common;

  private static final Pattern SINCE_AGO = Pattern.compile("(\\d+)([dh])");

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (ack != null && (reason == null || reason.isBlank())) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--ack " + ack + " needs --reason TEXT: why is it the new normal?");
    }
    if (!(alpha > 0 && alpha <= 0.01)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--alpha must be in (0, 0.01], got " + alpha);
    }
    Instant from = since == null ? null : parseSince(since);
    try (ResultStore store = common.store()) {
      if (changePoints || ack != null) {
        return changePoints(store, out, from);
      }
      if (invalidate != null || validate != null) {
        String given = invalidate != null ? invalidate : validate;
        // A local run's id is its folder's name: the folder path run printed names it too.
        String id =
            given.contains("/") ? Path.of(given).normalize().getFileName().toString() : given;
        store.setValidity(
            id,
            invalidate == null,
            invalidate == null ? "" : reason == null ? "marked invalid by hand" : reason);
        out.println("Run " + id + " is now " + (invalidate == null ? "valid" : "invalid") + ".");
        return RedlineCommand.PASS;
      }
      List<Run> runs =
          store.list(new RunQuery(suite, profile, branch, machine)).stream().limit(limit).toList();
      out.println(store.describe() + ": " + runs.size() + " run(s) shown");
      if (trend != null) {
        if (runs.stream().noneMatch(r -> r.measurement(trend).isPresent())) {
          throw new IllegalArgumentException(
              "no stored run"
                  + (suite != null ? " of " + suite : "")
                  + " has a measurement named '"
                  + trend
                  + "' (a name and a metric, e.g. 'GET /dashboard/stats p95'; the names are in"
                  + " the reports' verdict tables)");
        }
        trend(out, runs);
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

  /**
   * The trend of one measurement: a column per suite/profile (a trend across suites is not one
   * series), each headed by its name, a row per run that has the measurement, in fixed-width
   * columns so the times and values line up.
   */
  private void trend(PrintWriter out, List<Run> runs) {
    List<Run> with = runs.stream().filter(r -> r.measurement(trend).isPresent()).toList();
    List<String> series =
        with.stream().map(r -> r.suite() + "/" + r.profile()).distinct().sorted().toList();
    out.println(trend + ", one column per SUITE/PROFILE:");
    StringBuilder head =
        new StringBuilder(
            String.format(
                Locale.ROOT, "%-20s %-12s %-10s %-5s", "STARTED", "BRANCH", "COMMIT", "VALID"));
    List<Integer> widths = new ArrayList<>();
    for (String s : series) {
      int w = Math.max(12, s.length());
      widths.add(w);
      head.append(' ').append(String.format(Locale.ROOT, "%" + w + "s", s));
    }
    out.println(head.toString().stripTrailing());
    for (Run r : with) {
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%-20s %-12s %-10s %-5s",
                  STARTED.format(r.startedAt()),
                  r.branch(),
                  abbrev(r.commit()),
                  r.valid() ? "yes" : "no"));
      String own = r.suite() + "/" + r.profile();
      for (int i = 0; i < series.size(); i++) {
        String v =
            series.get(i).equals(own)
                ? r.measurement(trend).map(m -> Format.value(m.value(), m.unit())).orElse("")
                : "";
        line.append(' ').append(String.format(Locale.ROOT, "%" + widths.get(i) + "s", v));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private int changePoints(ResultStore store, PrintWriter out, Instant from) throws Exception {
    ChangePoints review = new ChangePoints(store, common.historyDir(), alpha);
    RunQuery query = new RunQuery(suite, profile, branch, machine);
    Instant now = Instant.now();
    if (ack != null) {
      ChangePoint c = review.acknowledge(query, ack, reason, now);
      out.println(
          "Change point "
              + c.id()
              + " ("
              + c.suite()
              + "/"
              + c.profile()
              + " "
              + c.measurement()
              + " "
              + ChangePointText.change(c)
              + ") is acknowledged as the new normal: "
              + reason);
      return RedlineCommand.PASS;
    }
    ChangePoints.Listing r = review.list(query, now, from, onlyNew, all);
    List<ChangePoint> shown = r.shown();
    List<EnvironmentChange> env = r.environment();
    out.println(
        store.describe()
            + ": "
            + r.runs()
            + " run(s) analysed; "
            + shown.size()
            + " change point(s) shown"
            + (onlyNew ? " (new)" : "")
            + (from != null ? " since " + from : "")
            + ", "
            + r.fresh()
            + " new, "
            + r.acknowledged()
            + " acknowledged"
            + (all ? "" : " (hidden; --all shows them)")
            + "; "
            + env.size()
            + " environment change(s); p <= "
            + alpha);
    if (!shown.isEmpty()) {
      out.print(ChangePointText.table(shown));
    }
    for (EnvironmentChange e : env) {
      out.println(
          "ENVIRONMENT "
              + e.after().startedAt().toString().substring(0, 10)
              + " "
              + e.suite()
              + "/"
              + e.profile()
              + " ["
              + e.branch()
              + "]: "
              + e.describe()
              + " (runs "
              + e.before().runId()
              + " -> "
              + e.after().runId()
              + ")");
    }
    if (markdown != null) {
      String title = onlyNew ? "New change points" : "Change points";
      Path parent = markdown.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(markdown, ChangePointText.markdown(title, shown, env));
      out.println("Wrote " + markdown);
    }
    return RedlineCommand.PASS;
  }

  private static final java.time.format.DateTimeFormatter STARTED =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** {@code 7d}, {@code 48h}, {@code 2026-11-01} or an ISO instant. */
  static Instant parseSince(String text) {
    String t = text.trim();
    Matcher m = SINCE_AGO.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return Instant.now().minus(n, m.group(2).equals("d") ? ChronoUnit.DAYS : ChronoUnit.HOURS);
    }
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--since takes 7d, 48h, a date such as 2026-11-01 or an ISO instant; got '" + text + "'");
    }
  }

  private static String abbrev(String commit) {
    return commit.length() > 10 ? commit.substring(0, 10) : commit;
  }
}
