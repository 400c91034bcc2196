package dev.redline.checker.report;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.Status;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Run;

/** GitHub-flavoured Markdown for a PR comment or a job summary. */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(Comparison c) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Redline: ")
        .append(c.failed() ? "❌ " : "✅ ")
        .append(Format.summary(c))
        .append("\n\n");
    sb.append(Format.header(c)).append(".\n");
    Run cur = c.current().get(0);
    sb.append("Current: `")
        .append(cur.suite())
        .append("` profile `")
        .append(cur.profile())
        .append("`, branch `")
        .append(cur.branch())
        .append("`, commit `")
        .append(cur.commit())
        .append("`, machine `")
        .append(cur.machine())
        .append("`, JDK `")
        .append(cur.jdk())
        .append("`.\n\n");
    boolean any = false;
    for (Verdict v : Format.ordered(c)) {
      if (v.status() == Status.REGRESSION || v.status() == Status.NOISY) {
        sb.append("- **")
            .append(v.status().name())
            .append("** ")
            .append(esc(Format.message(v).substring(v.status().name().length() + 1)))
            .append('\n');
        any = true;
      }
    }
    if (any) {
      sb.append('\n');
    }
    sb.append("<details")
        .append(c.failed() ? " open" : "")
        .append("><summary>All ")
        .append(c.verdicts().size())
        .append(" measurements</summary>\n\n");
    sb.append("| status | measurement | baseline | current | change | 95% CI | limit | p |\n");
    sb.append("|---|---|---:|---:|---:|---|---:|---:|\n");
    for (Verdict v : Format.ordered(c)) {
      sb.append("| ")
          .append(v.status().label())
          .append(" | ")
          .append(esc(v.key()))
          .append(" | ")
          .append(Format.value(v.baseline(), v.unit()))
          .append(" | ")
          .append(Format.value(v.current(), v.unit()))
          .append(" | ")
          .append(Format.change(v))
          .append(" | ")
          .append(Format.ci(v))
          .append(" | ")
          .append(Format.limit(v))
          .append(" | ")
          .append(Format.pColumn(v.pValue()))
          .append(" |\n");
    }
    sb.append("\n</details>\n");
    sb.append(
            "\n`regression`: significantly worse and beyond the limit (fails). `noisy`: beyond the limit but not significant (rerun). ")
        .append(
            "`inconclusive`: the interval spans the limit on both sides, the runs cannot tell (more"
                + " rounds). ")
        .append("`unchanged`: within the limit. ")
        .append(
            "p `n/a`: reported, not tested (a percentile with fewer than 10 samples beyond it).\n");
    return sb.toString();
  }

  private static String esc(String s) {
    return s.replace("|", "\\|").replace("<", "&lt;");
  }
}
