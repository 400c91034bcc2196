package dev.redline.checker.report;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A single self-contained HTML file (inline CSS and SVG, no script, no network): the verdict table,
 * then per measurement the baseline and current distributions and the trend over the history.
 */
public final class HtmlReport {
  private static final int W = 420;
  private static final int H = 150;
  private static final int PAD = 34;
  private static final String BASE = "#4477aa";
  private static final String CUR = "#cc3311";

  private HtmlReport() {}

  /**
   * @param history stored runs of the same suite, profile and machine, oldest first (may be empty)
   */
  public static String render(Comparison c, List<Run> history) {
    StringBuilder sb = new StringBuilder();
    sb.append(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Redline report</title><style>")
        .append(
            "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}")
        .append(
            "td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}td:nth-child(2),th:nth-child(2),td:first-child{text-align:left}")
        .append(
            ".regression{color:#b00;font-weight:bold}.noisy{color:#a60}.improvement{color:#070}.unchanged{color:#666}")
        .append(
            "section{margin:18px 0;padding-top:8px;border-top:1px solid #ccc}svg{background:#fafafa;margin-right:12px}")
        .append(
            ".legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}</style></head><body>");
    sb.append("<h1>Redline: ")
        .append(esc(Format.summary(c)))
        .append("</h1><p>")
        .append(esc(Format.header(c)))
        .append("</p>");
    Run cur = c.current().get(0);
    sb.append("<p>Current: ")
        .append(esc(cur.suite()))
        .append(", profile ")
        .append(esc(cur.profile()))
        .append(", branch ")
        .append(esc(cur.branch()))
        .append(", commit ")
        .append(esc(cur.commit()))
        .append(", machine ")
        .append(esc(cur.machine()))
        .append(", JDK ")
        .append(esc(cur.jdk()))
        .append("</p>");
    sb.append(
        "<p class=\"legend\"><span style=\"background:"
            + BASE
            + "\"></span>baseline<span style=\"background:"
            + CUR
            + "\"></span>current</p>");
    sb.append(
        "<table><tr><th>status</th><th>measurement</th><th>baseline</th><th>current</th><th>change</th><th>95% CI</th><th>limit</th><th>p</th></tr>");
    List<Verdict> ordered = Format.ordered(c);
    for (int i = 0; i < ordered.size(); i++) {
      Verdict v = ordered.get(i);
      sb.append("<tr><td class=\"")
          .append(v.status().label())
          .append("\">")
          .append(v.status().label())
          .append("</td><td><a href=\"#m")
          .append(i)
          .append("\">")
          .append(esc(v.key()))
          .append("</a></td><td>")
          .append(esc(Format.value(v.baseline(), v.unit())))
          .append("</td><td>")
          .append(esc(Format.value(v.current(), v.unit())))
          .append("</td><td>")
          .append(esc(Format.change(v)))
          .append("</td><td>")
          .append(esc(Format.ci(v)))
          .append("</td><td>")
          .append(esc(Format.limit(v)))
          .append("</td><td>")
          .append(esc(Format.pColumn(v.pValue())))
          .append("</td></tr>");
    }
    sb.append("</table>");
    for (int i = 0; i < ordered.size(); i++) {
      Verdict v = ordered.get(i);
      sb.append("<section id=\"m")
          .append(i)
          .append("\"><h3 class=\"")
          .append(v.status().label())
          .append("\">")
          .append(esc(Format.message(v)))
          .append("</h3><p>")
          .append(esc(v.method()))
          .append("; 95% CI of the change ")
          .append(esc(Format.ci(v)))
          .append("</p>");
      sb.append(
          distribution(v, measurements(c.baseline(), v.key()), measurements(c.current(), v.key())));
      sb.append(trend(v, history, c.current()));
      sb.append("</section>");
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static List<Measurement> measurements(List<Run> runs, String key) {
    List<Measurement> out = new ArrayList<>();
    for (Run r : runs) {
      r.measurement(key).ifPresent(out::add);
    }
    return out;
  }

  /** ECDFs of the raw values for one run per side; otherwise one dot per run (or observation). */
  private static String distribution(Verdict v, List<Measurement> base, List<Measurement> cur) {
    if (base.size() == 1
        && cur.size() == 1
        && base.get(0).samples() instanceof Samples.Distribution db
        && cur.get(0).samples() instanceof Samples.Distribution dc) {
      double hi = Math.max(db.quantile(0.999), dc.quantile(0.999));
      double lo = Math.min(db.min(), dc.min());
      StringBuilder s = svgStart("Cumulative distribution of raw values (" + v.unit() + ")");
      axes(s, lo, hi, 0, 1, v.unit(), "share");
      s.append(ecdf(db, lo, hi, BASE)).append(ecdf(dc, lo, hi, CUR));
      return s.append("</svg>").toString();
    }
    double[] b = points(base);
    double[] c = points(cur);
    double lo = Math.min(min(b), min(c));
    double hi = Math.max(max(b), max(c));
    if (!(hi > lo)) {
      hi = lo + Math.max(1e-9, Math.abs(lo) * 0.1);
    }
    StringBuilder s =
        svgStart(
            (base.size() > 1 || cur.size() > 1 ? "Per-run values" : "Observations")
                + " ("
                + v.unit()
                + ")");
    axes(s, lo, hi, 0, 1, v.unit(), "");
    strip(s, b, lo, hi, 0.3, BASE);
    strip(s, c, lo, hi, 0.7, CUR);
    return s.append("</svg>").toString();
  }

  private static double[] points(List<Measurement> ms) {
    if (ms.size() == 1
        && ms.get(0).samples() instanceof Samples.Observations o
        && o.values().length > 1) {
      return o.values();
    }
    return ms.stream().mapToDouble(Measurement::value).filter(Double::isFinite).toArray();
  }

  /** The measurement's value per stored run, oldest first, then the current runs. */
  private static String trend(Verdict v, List<Run> history, List<Run> current) {
    Set<String> currentIds = new LinkedHashSet<>();
    current.forEach(r -> currentIds.add(r.id()));
    List<double[]> pts = new ArrayList<>();
    for (Run r : history) {
      if (!currentIds.contains(r.id())) {
        r.measurement(v.key()).ifPresent(m -> pts.add(new double[] {m.value(), 0}));
      }
    }
    for (Run r : current) {
      r.measurement(v.key()).ifPresent(m -> pts.add(new double[] {m.value(), 1}));
    }
    pts.removeIf(p -> !Double.isFinite(p[0]));
    if (pts.size() < 2) {
      return "<svg width=\""
          + W
          + "\" height=\""
          + H
          + "\"><text x=\"10\" y=\"20\" font-size=\"12\">Trend: no stored history for this measurement yet.</text></svg>";
    }
    double lo = pts.stream().mapToDouble(p -> p[0]).min().orElse(0);
    double hi = pts.stream().mapToDouble(p -> p[0]).max().orElse(1);
    if (!(hi > lo)) {
      hi = lo + Math.max(1e-9, Math.abs(lo) * 0.1);
    }
    StringBuilder s = svgStart("Trend over " + (pts.size()) + " runs (" + v.unit() + ")");
    axes(s, 0, pts.size() - 1, lo, hi, "run", v.unit());
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < pts.size(); i++) {
      line.append(i == 0 ? "M" : "L")
          .append(fmt(x(i, 0, pts.size() - 1)))
          .append(',')
          .append(fmt(y(pts.get(i)[0], lo, hi)));
    }
    s.append("<path d=\"").append(line).append("\" fill=\"none\" stroke=\"#888\"/>");
    for (int i = 0; i < pts.size(); i++) {
      s.append("<circle cx=\"")
          .append(fmt(x(i, 0, pts.size() - 1)))
          .append("\" cy=\"")
          .append(fmt(y(pts.get(i)[0], lo, hi)))
          .append("\" r=\"3\" fill=\"")
          .append(pts.get(i)[1] > 0 ? CUR : BASE)
          .append("\"><title>")
          .append(esc(Format.value(pts.get(i)[0], v.unit())))
          .append("</title></circle>");
    }
    return s.append("</svg>").toString();
  }

  private static StringBuilder svgStart(String title) {
    return new StringBuilder(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
                + W
                + "\" height=\""
                + H
                + "\" viewBox=\"0 0 "
                + W
                + " "
                + H
                + "\">")
        .append("<text x=\"")
        .append(PAD)
        .append("\" y=\"12\" font-size=\"11\">")
        .append(esc(title))
        .append("</text>");
  }

  private static void axes(
      StringBuilder s, double x0, double x1, double y0, double y1, String xl, String yl) {
    s.append("<line x1=\"")
        .append(PAD)
        .append("\" y1=\"")
        .append(H - PAD)
        .append("\" x2=\"")
        .append(W - 8)
        .append("\" y2=\"")
        .append(H - PAD)
        .append("\" stroke=\"#999\"/>");
    s.append("<line x1=\"")
        .append(PAD)
        .append("\" y1=\"18\" x2=\"")
        .append(PAD)
        .append("\" y2=\"")
        .append(H - PAD)
        .append("\" stroke=\"#999\"/>");
    s.append("<text x=\"")
        .append(PAD)
        .append("\" y=\"")
        .append(H - PAD + 14)
        .append("\" font-size=\"10\">")
        .append(esc(num(x0)))
        .append("</text>");
    s.append("<text x=\"")
        .append(W - 8)
        .append("\" y=\"")
        .append(H - PAD + 14)
        .append("\" font-size=\"10\" text-anchor=\"end\">")
        .append(esc(num(x1) + " " + xl))
        .append("</text>");
    if (!yl.isEmpty()) {
      s.append("<text x=\"2\" y=\"")
          .append(H - PAD)
          .append("\" font-size=\"10\">")
          .append(esc(num(y0)))
          .append("</text>");
      s.append("<text x=\"2\" y=\"26\" font-size=\"10\">").append(esc(num(y1))).append("</text>");
    }
  }

  private static String ecdf(Samples.Distribution d, double lo, double hi, String color) {
    StringBuilder p = new StringBuilder();
    long seen = 0;
    double prevY = 0;
    p.append('M').append(fmt(x(lo, lo, hi))).append(',').append(fmt(y(0, 0, 1)));
    double[] values = d.values();
    long[] counts = d.counts();
    for (int i = 0; i < values.length; i++) {
      seen += counts[i];
      if (values[i] > hi) {
        break;
      }
      double share = (double) seen / d.size();
      double px = x(values[i], lo, hi);
      p.append('L').append(fmt(px)).append(',').append(fmt(y(prevY, 0, 1)));
      p.append('L').append(fmt(px)).append(',').append(fmt(y(share, 0, 1)));
      prevY = share;
    }
    return "<path d=\"" + p + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.5\"/>";
  }

  private static void strip(
      StringBuilder s, double[] vals, double lo, double hi, double row, String color) {
    double cy = 18 + (H - PAD - 18) * row;
    for (double v : vals) {
      s.append("<circle cx=\"")
          .append(fmt(x(v, lo, hi)))
          .append("\" cy=\"")
          .append(fmt(cy))
          .append("\" r=\"3.5\" fill=\"")
          .append(color)
          .append("\" fill-opacity=\"0.7\"/>");
    }
  }

  private static double x(double v, double lo, double hi) {
    return PAD + (W - 8 - PAD) * ((v - lo) / (hi - lo));
  }

  private static double y(double v, double lo, double hi) {
    return (H - PAD) - (H - PAD - 18) * ((v - lo) / (hi - lo));
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  private static String num(double d) {
    return Math.abs(d) >= 100 || d == Math.rint(d)
        ? String.format(Locale.ROOT, "%.0f", d)
        : String.format(Locale.ROOT, "%.3g", d);
  }

  private static double min(double[] a) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : a) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static double max(double[] a) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      m = Math.max(m, v);
    }
    return m;
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
