package dev.redline.checker.changepoint;

import dev.redline.checker.report.Format;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How change points read: a console table, a Markdown table, an annotation line. */
public final class ChangePointText {
  private ChangePointText() {}

  /** {@code +11.7%}. */
  public static String change(ChangePoint c) {
    return String.format(Locale.ROOT, "%+.1f%%", c.changePct());
  }

  /** {@code 1a2b3c4d5e..6f7a8b9c0d}, or what the environment changed instead. */
  public static String blame(ChangePoint c) {
    if (!c.environment().isEmpty()) {
      return "environment: "
          + c.environment().stream()
              .map(EnvironmentChange::describe)
              .distinct()
              .collect(Collectors.joining("; "));
    }
    return "commits " + c.lastBefore().shortCommit() + ".." + c.firstAfter().shortCommit();
  }

  /** {@code 99.95%}: one minus the p-value. */
  public static String confidence(ChangePoint c) {
    return String.format(Locale.ROOT, "%.2f%%", (1 - c.pValue()) * 100);
  }

  /** One line for a dashboard annotation. */
  public static String annotation(ChangePoint c) {
    return c.measurement()
        + " "
        + change(c)
        + " ("
        + Format.value(c.before(), c.unit())
        + " -> "
        + Format.value(c.after(), c.unit())
        + ", "
        + Format.p(c.pValue())
        + "), "
        + blame(c)
        + (c.acknowledged() ? ", acknowledged: " + c.reason() : "");
  }

  /** The console listing; the measurement column is as wide as its longest name. */
  public static String table(List<ChangePoint> points) {
    int width =
        Math.max(
            "MEASUREMENT".length(),
            points.stream().mapToInt(c -> c.measurement().length()).max().orElse(0));
    String row = "%-11s %-10s %-26s %-" + width + "s %12s %12s %8s %8s %s%s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            row,
            "ID",
            "DATE",
            "SUITE/PROFILE [BRANCH]",
            "MEASUREMENT",
            "BEFORE",
            "AFTER",
            "CHANGE",
            "CONF",
            "WHERE",
            ""));
    for (ChangePoint c : points) {
      sb.append(
          String.format(
              Locale.ROOT,
              row,
              c.id(),
              c.firstAfter().startedAt().toString().substring(0, 10),
              c.suite() + "/" + c.profile() + " [" + c.branch() + "]",
              c.measurement(),
              Format.value(c.before(), c.unit()),
              Format.value(c.after(), c.unit()),
              change(c),
              confidence(c),
              blame(c),
              c.acknowledged() ? " (acknowledged: " + c.reason() + ")" : ""));
    }
    return sb.toString();
  }

  /** A Markdown section for a job summary. */
  public static String markdown(
      String title, List<ChangePoint> points, List<EnvironmentChange> environment) {
    StringBuilder sb = new StringBuilder();
    sb.append("### ").append(title).append("\n\n");
    if (points.isEmpty()) {
      sb.append("No change point.\n");
    } else {
      sb.append(
              "| id | night | suite / profile | measurement | before | after | change | confidence")
          .append(" | where |\n|---|---|---|---|---|---|---|---|---|\n");
      for (ChangePoint c : points) {
        sb.append("| `")
            .append(c.id())
            .append("` | ")
            .append(c.firstAfter().startedAt().toString(), 0, 10)
            .append(" | ")
            .append(c.suite())
            .append(" / ")
            .append(c.profile())
            .append(" | `")
            .append(c.measurement().replace("|", "\\|"))
            .append("` | ")
            .append(Format.value(c.before(), c.unit()))
            .append(" | ")
            .append(Format.value(c.after(), c.unit()))
            .append(" | ")
            .append(c.worse() ? "❌ " : "")
            .append(change(c))
            .append(" | ")
            .append(confidence(c))
            .append(" | ")
            .append(blame(c).replace("|", "\\|"))
            .append(" |\n");
      }
      sb.append("\nAccept one as the new normal: `./redline history --ack <id> --reason '...'`.\n");
    }
    if (!environment.isEmpty()) {
      sb.append("\n**Environment changes**\n\n");
      for (EnvironmentChange e : environment) {
        sb.append("- ")
            .append(e.after().startedAt().toString(), 0, 10)
            .append(" ")
            .append(e.suite())
            .append(" / ")
            .append(e.profile())
            .append(": ")
            .append(e.describe())
            .append('\n');
      }
    }
    return sb.toString();
  }
}
