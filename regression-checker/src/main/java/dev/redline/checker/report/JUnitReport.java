package dev.redline.checker.report;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.Status;
import dev.redline.checker.decide.Verdict;

/**
 * JUnit XML for CI test tabs: one test case per measurement (class = measurement name, test =
 * metric); a regression is a failure, a noisy verdict is a passing case with a note in system-out.
 */
public final class JUnitReport {
  private JUnitReport() {}

  public static String render(Comparison c) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<testsuite name=\"redline\" tests=\"")
        .append(c.verdicts().size())
        .append("\" failures=\"")
        .append(c.count(Status.REGRESSION))
        .append("\" errors=\"0\" skipped=\"0\">\n");
    sb.append("  <properties><property name=\"summary\" value=\"")
        .append(xml(Format.header(c)))
        .append("\"/></properties>\n");
    for (Verdict v : c.verdicts()) {
      sb.append("  <testcase classname=\"")
          .append(xml(v.name()))
          .append("\" name=\"")
          .append(xml(v.metric().id()))
          .append("\">\n");
      if (v.status() == Status.REGRESSION) {
        sb.append("    <failure type=\"regression\" message=\"")
            .append(xml(Format.message(v)))
            .append("\">")
            .append(
                xml(
                    Format.message(v)
                        + "\n95% CI of the change "
                        + Format.ci(v)
                        + "; "
                        + v.method()))
            .append("</failure>\n");
      } else {
        sb.append("    <system-out>").append(xml(Format.message(v))).append("</system-out>\n");
      }
      sb.append("  </testcase>\n");
    }
    sb.append("</testsuite>\n");
    return sb.toString();
  }

  static String xml(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (ch >= 0x20 || ch == '\n' || ch == '\t') {
            out.append(ch);
          }
        }
      }
    }
    return out.toString();
  }
}
