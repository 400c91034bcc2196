package dev.redline.checker.report;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.Status;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A single self-contained HTML file (inline CSS and SVG, no script, no network): the verdict and
 * the run's validity first, a link to Gatling's report, the run's p95 and throughput over time,
 * then one section per endpoint (its verdicts, the trend of its headline metric over the history
 * with dates, commits and the limit band, its distributions; the other metrics' charts folded
 * away).
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
            "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1300px}table{border-collapse:collapse;margin:6px 0}")
        .append(
            "td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}td:nth-child(2),th:nth-child(2),td:first-child{text-align:left}")
        .append(
            ".regression{color:#b00;font-weight:bold}.noisy{color:#a60}.inconclusive{color:#888;font-style:italic}.improvement{color:#070}.unchanged{color:#666}")
        .append(
            ".verdict{font-size:26px;margin:0 0 6px}.pass{color:#070}.fail{color:#b00}.box{padding:8px 12px;border-radius:6px;margin:8px 0}")
        .append(
            ".valid{background:#eef8ee}.invalid{background:#fdecea}.ctx{color:#555;font-size:12px}")
        .append(
            "section{margin:18px 0;padding-top:8px;border-top:1px solid #ccc}h2{font-size:17px;margin:4px 0}svg{background:#fafafa;margin:4px 12px 4px 0}")
        .append(
            ".legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}</style></head><body>");
    Run cur = c.current().get(0);
    sb.append("<p class=\"verdict ")
        .append(c.failed() ? "fail" : "pass")
        .append("\">")
        .append(c.failed() ? "REGRESSION" : "PASS")
        .append(": ")
        .append(esc(Format.summary(c).replaceFirst("^(PASS|FAIL): ", "")))
        .append("</p>");
    if (cur.provenance().get("run.validity") != null || !cur.valid()) {
      boolean ok = cur.valid();
      sb.append("<div class=\"box ")
          .append(ok ? "valid" : "invalid")
          .append("\"><b>Validity: ")
          .append(ok ? "valid" : "invalid")
          .append("</b>")
          .append(ok ? "" : " (" + esc(cur.invalidReason()) + "; never a baseline)")
          .append(esc(validityFigures(cur)))
          .append("</div>");
    }
    gatlingLink(cur, sb);
    sb.append("<p class=\"ctx\">")
        .append(esc(Format.header(c)))
        .append("<br>Current: ")
        .append(esc(cur.suite()))
        .append(", profile ")
        .append(esc(cur.profile()))
        .append(", branch ")
        .append(esc(cur.branch()))
        .append(", commit ")
        .append(esc(shortCommit(cur.commit())))
        .append(", ")
        .append(esc(cur.startedAt().toString()))
        .append(", machine ")
        .append(esc(cur.machine()))
        .append(", JDK ")
        .append(esc(cur.jdk()))
        .append("</p>");
    sb.append(overTime(cur));
    sb.append(
        "<p class=\"legend\"><span style=\"background:"
            + BASE
            + "\"></span>baseline / history<span style=\"background:"
            + CUR
            + "\"></span>current<span style=\"background:#e8e8e8\"></span>baseline within the"
            + " limit</p>");
    // One section per endpoint (request name or service route), the worst verdict first.
    Map<String, List<Verdict>> byName = new LinkedHashMap<>();
    for (Verdict v : Format.ordered(c)) {
      byName.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v);
    }
    int id = 0;
    for (Map.Entry<String, List<Verdict>> e : byName.entrySet()) {
      List<Verdict> vs = e.getValue();
      Verdict worst = vs.get(0);
      sb.append("<section><h2>")
          .append(esc(e.getKey()))
          .append(" <span class=\"")
          .append(worst.status().label())
          .append("\">")
          .append(worst.status().label())
          .append("</span></h2>");
      sb.append(
          "<table><tr><th>status</th><th>metric</th><th>baseline</th><th>current</th><th>change</th><th>95% CI</th><th>limit</th><th>p</th></tr>");
      for (Verdict v : vs) {
        sb.append("<tr><td class=\"")
            .append(v.status().label())
            .append("\">")
            .append(v.status().label())
            .append("</td><td>")
            .append(esc(v.metric().id()))
            .append("</td><td>")
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
      Verdict headline = headline(vs);
      sb.append(trend(headline, history, c.current()));
      sb.append(
          distribution(
              headline,
              measurements(c.baseline(), headline.key()),
              measurements(c.current(), headline.key())));
      if (vs.size() > 1) {
        sb.append("<details><summary>every metric's distribution and trend</summary>");
        for (Verdict v : vs) {
          if (v == headline) {
            continue;
          }
          sb.append("<div id=\"m")
              .append(id++)
              .append("\"><p class=\"")
              .append(v.status().label())
              .append("\">")
              .append(esc(Format.message(v)))
              .append(" <span class=\"ctx\">")
              .append(esc(v.method()))
              .append("</span></p>")
              .append(trend(v, history, c.current()))
              .append(
                  distribution(
                      v, measurements(c.baseline(), v.key()), measurements(c.current(), v.key())))
              .append("</div>");
        }
        sb.append("</details>");
      }
      sb.append("</section>");
    }
    if (!c.onlyInBaseline().isEmpty() || !c.onlyInCurrent().isEmpty()) {
      sb.append("<p class=\"ctx\">Only in the baseline: ")
          .append(esc(String.join(", ", c.onlyInBaseline())))
          .append("<br>New in the current run: ")
          .append(esc(String.join(", ", c.onlyInCurrent())))
          .append("</p>");
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  /** The metric shown first: the worst when it regressed, else p95, CPU or the score. */
  private static Verdict headline(List<Verdict> vs) {
    if (vs.get(0).status() == Status.REGRESSION) {
      return vs.get(0);
    }
    for (Metric m : List.of(Metric.P95, Metric.CPU, Metric.SCORE)) {
      for (Verdict v : vs) {
        if (v.metric() == m) {
          return v;
        }
      }
    }
    return vs.get(0);
  }

  private static String validityFigures(Run r) {
    Map<String, String> p = r.provenance();
    if (p.get("run.validity.achievedRps") == null) {
      return "";
    }
    return ": arrivals "
        + shortNum(p.get("run.validity.achievedRps"))
        + "/s of "
        + shortNum(p.get("run.validity.intendedRps"))
        + "/s intended, injector CPU "
        + shortNum(p.get("run.validity.injectorCpuPercent"))
        + "%, errors "
        + shortNum(p.get("run.validity.errorPercent"))
        + "%, GC "
        + shortNum(p.get("run.validity.gcPercent"))
        + "% of the window, p50 drift "
        + shortNum(p.get("run.validity.p50DriftMs"))
        + " ms"
        + (p.get("run.injectors") == null
            ? ""
            : "; " + p.get("run.injectors") + " injectors (shards), merged exactly");
  }

  private static String shortNum(String s) {
    if (s == null) {
      return "?";
    }
    try {
      return num(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return s;
    }
  }

  /** A link to Gatling's own report beside the run's simulation.log, when there is one. */
  private static void gatlingLink(Run cur, StringBuilder sb) {
    String input = cur.provenance().get("input");
    if (input == null) {
      return;
    }
    try {
      Path folder = Path.of(input).toAbsolutePath();
      if (!Files.isDirectory(folder)) {
        folder = folder.getParent();
      }
      Path index = folder.resolve("index.html");
      if (Files.isRegularFile(index)) {
        sb.append("<p><a href=\"")
            .append(esc(index.toUri().toString()))
            .append("\">Gatling's report of this run</a></p>");
      }
    } catch (RuntimeException e) {
      // not a path on this machine
    }
  }

  private static String shortCommit(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }

  /** The current run over time: p95 and throughput of all requests, second by second. */
  private static String overTime(Run r) {
    List<Window> all = new ArrayList<>();
    for (Window w : r.windows()) {
      if (w.request().equals("All Requests") || w.request().equals("*")) {
        all.add(w);
      }
    }
    if (all.size() < 3) {
      return "";
    }
    long t0 = all.get(0).epochSecond();
    double[] xs = all.stream().mapToDouble(w -> w.epochSecond() - t0).toArray();
    double[] p95 = all.stream().mapToDouble(Window::p95Ms).toArray();
    double[] rps = all.stream().mapToDouble(Window::requests).toArray();
    return "<div>"
        + series("This run: p95 of all requests per second (ms)", xs, p95, "s", "ms")
        + series("This run: responses per second", xs, rps, "s", "/s")
        + "</div>";
  }

  private static String series(String title, double[] xs, double[] ys, String xl, String yl) {
    double hi = 0;
    for (double v : ys) {
      if (Double.isFinite(v)) {
        hi = Math.max(hi, v);
      }
    }
    hi = hi > 0 ? hi * 1.1 : 1;
    double x1 = xs[xs.length - 1] > 0 ? xs[xs.length - 1] : 1;
    StringBuilder s = svgStart(title);
    axes(s, 0, x1, 0, hi, xl, yl);
    StringBuilder line = new StringBuilder();
    boolean first = true;
    for (int i = 0; i < xs.length; i++) {
      if (!Double.isFinite(ys[i])) {
        continue;
      }
      line.append(first ? "M" : "L")
          .append(fmt(x(xs[i], 0, x1)))
          .append(',')
          .append(fmt(y(ys[i], 0, hi)));
      first = false;
    }
    s.append("<path d=\"")
        .append(line)
        .append("\" fill=\"none\" stroke=\"")
        .append(CUR)
        .append("\"/>");
    return s.append("</svg>").toString();
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

  /**
   * The measurement's value per stored run, oldest first, then the current runs: dates and commits
   * on the points (hover), the baseline within the limit shaded.
   */
  private static String trend(Verdict v, List<Run> history, List<Run> current) {
    Set<String> currentIds = new LinkedHashSet<>();
    current.forEach(r -> currentIds.add(r.id()));
    List<Point> pts = new ArrayList<>();
    for (Run r : history) {
      if (!currentIds.contains(r.id())) {
        r.measurement(v.key()).ifPresent(m -> pts.add(new Point(m.value(), false, r)));
      }
    }
    for (Run r : current) {
      r.measurement(v.key()).ifPresent(m -> pts.add(new Point(m.value(), true, r)));
    }
    pts.removeIf(p -> !Double.isFinite(p.value()));
    if (pts.size() < 2) {
      return "<svg width=\""
          + W
          + "\" height=\""
          + H
          + "\"><text x=\"10\" y=\"20\" font-size=\"12\">Trend: no stored history for this measurement yet.</text></svg>";
    }
    double base = v.baseline();
    double limit = Math.abs(v.thresholdPct());
    double bandLo = v.absolute() ? base - limit : base * (1 - limit / 100);
    double bandHi = v.absolute() ? base + limit : base * (1 + limit / 100);
    double lo = pts.stream().mapToDouble(Point::value).min().orElse(0);
    double hi = pts.stream().mapToDouble(Point::value).max().orElse(1);
    boolean band = Double.isFinite(base) && Double.isFinite(limit);
    if (band) {
      lo = Math.min(lo, bandLo);
      hi = Math.max(hi, bandHi);
    }
    if (!(hi > lo)) {
      hi = lo + Math.max(1e-9, Math.abs(lo) * 0.1);
    }
    StringBuilder s = svgStart("Trend over " + pts.size() + " runs (" + v.unit() + ")");
    if (band) {
      double top = y(bandHi, lo, hi);
      double bottom = y(bandLo, lo, hi);
      s.append("<rect x=\"")
          .append(PAD)
          .append("\" y=\"")
          .append(fmt(top))
          .append("\" width=\"")
          .append(W - 8 - PAD)
          .append("\" height=\"")
          .append(fmt(Math.max(0, bottom - top)))
          .append("\" fill=\"#e8e8e8\"><title>baseline ")
          .append(esc(Format.value(base, v.unit())))
          .append(", limit ")
          .append(esc(Format.limit(v)))
          .append("</title></rect>");
    }
    int n = pts.size();
    axes(s, 0, n - 1, lo, hi, "", v.unit());
    s.append("<text x=\"")
        .append(PAD)
        .append("\" y=\"")
        .append(H - PAD + 26)
        .append("\" font-size=\"10\">")
        .append(esc(label(pts.get(0).run())))
        .append("</text><text x=\"")
        .append(W - 8)
        .append("\" y=\"")
        .append(H - PAD + 26)
        .append("\" font-size=\"10\" text-anchor=\"end\">")
        .append(esc(label(pts.get(n - 1).run())))
        .append("</text>");
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < n; i++) {
      line.append(i == 0 ? "M" : "L")
          .append(fmt(x(i, 0, n - 1)))
          .append(',')
          .append(fmt(y(pts.get(i).value(), lo, hi)));
    }
    s.append("<path d=\"").append(line).append("\" fill=\"none\" stroke=\"#888\"/>");
    for (int i = 0; i < n; i++) {
      Point p = pts.get(i);
      s.append("<circle cx=\"")
          .append(fmt(x(i, 0, n - 1)))
          .append("\" cy=\"")
          .append(fmt(y(p.value(), lo, hi)))
          .append("\" r=\"")
          .append(p.current() ? "5" : "3")
          .append("\" fill=\"")
          .append(p.current() ? CUR : BASE)
          .append("\"><title>")
          .append(
              esc(
                  Format.value(p.value(), v.unit())
                      + ", "
                      + label(p.run())
                      + (p.current() ? " (this run)" : "")))
          .append("</title></circle>");
    }
    return s.append("</svg>").toString();
  }

  private record Point(double value, boolean current, Run run) {}

  /** {@code 11-30 01:23 3a56303}: when, and which commit. */
  private static String label(Run r) {
    String c = r.commit();
    return DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(r.startedAt())
        + " "
        + (c.length() > 7 ? c.substring(0, 7) : c);
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
