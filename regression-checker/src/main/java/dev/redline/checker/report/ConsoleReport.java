package dev.redline.checker.report;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.Status;
import dev.redline.checker.decide.Verdict;
import java.util.List;
import java.util.Locale;

/** The verdict table for a terminal: what regressed, by how much, against what limit, how sure. */
public final class ConsoleReport {
  private ConsoleReport() {}

  public static String render(Comparison c) {
    StringBuilder sb = new StringBuilder();
    sb.append("redline: ").append(Format.header(c)).append('\n');
    List<Verdict> rows = Format.ordered(c);
    // Names are printed whole (a JMH benchmark's class and method are how a reader finds it).
    int nameWidth = Math.max(11, rows.stream().mapToInt(v -> v.key().length()).max().orElse(0));
    String fmt = "%-12s %-" + nameWidth + "s  %12s  %12s  %10s  %-22s  %9s  %8s%n";
    sb.append(
        String.format(
            Locale.ROOT,
            fmt,
            "STATUS",
            "MEASUREMENT",
            "BASELINE",
            "CURRENT",
            "CHANGE",
            "95% CI",
            "LIMIT",
            "p"));
    for (Verdict v : rows) {
      String key = v.key();
      sb.append(
          String.format(
              Locale.ROOT,
              fmt,
              v.status().name(),
              key,
              Format.value(v.baseline(), v.unit()),
              Format.value(v.current(), v.unit()),
              Format.change(v),
              Format.ci(v),
              Format.limit(v),
              Format.pColumn(v.pValue())));
    }
    if (!c.onlyInBaseline().isEmpty()) {
      sb.append("Only in the baseline (not judged): ")
          .append(String.join(", ", c.onlyInBaseline()))
          .append('\n');
    }
    if (!c.onlyInCurrent().isEmpty()) {
      sb.append("New in the current run (not judged): ")
          .append(String.join(", ", c.onlyInCurrent()))
          .append('\n');
    }
    sb.append('\n');
    for (Verdict v : rows) {
      if (v.status() == Status.REGRESSION || v.status() == Status.NOISY) {
        sb.append(Format.message(v)).append('\n');
      }
    }
    sb.append(Format.summary(c)).append('\n');
    return sb.toString();
  }
}
