package dev.redline.checker.store.influx;

import dev.redline.checker.changepoint.ChangePoint;
import dev.redline.checker.changepoint.ChangePointText;
import dev.redline.checker.changepoint.EnvironmentChange;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Window;
import dev.redline.checker.store.RunJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.statistics.distribution.TDistribution;
import org.influxdb.dto.Point;

/**
 * The results schema of DESIGN.md ("Results schema") as InfluxDB 1.x points, plus the {@code run}
 * measurement that lets a run round-trip.
 *
 * <p>Idempotency: every point of a run carries the run's point time ({@link #pointTimeNanos}), a
 * pure function of the run, and tags that are pure functions of the run. Sending the same batch
 * twice therefore overwrites the same points (InfluxDB 1.x keeps one point per series and
 * timestamp), which is what makes resending from the outbox safe.
 *
 * <p>{@code run}: tags {@code suite, profile, branch, machine, source}; fields {@code run_id,
 * commit, valid, invalid_reason}, what the dashboards show of a run where known ({@code jdk, tools,
 * cpu, kernel, runner_image}), {@code encoding, chunks, json_0 .. json_<chunks-1>}: the run file of
 * the local history ({@code redline-run/1}), gzip-compressed and base64-encoded, cut into chunks of
 * at most {@value #CHUNK_CHARS} characters (InfluxDB 1.x caps a string field at 64 KiB).
 */
public final class InfluxSchema {
  public static final String RUN = "run";
  public static final String GATLING_REQUEST = "gatling_request";
  public static final String GATLING_WINDOW = "gatling_window";
  public static final String JMH_BENCHMARK = "jmh_benchmark";
  public static final String SERVICE_REQUEST = "service_request";
  public static final String VERDICT = "verdict";
  public static final String CHANGE_POINT = "change_point";
  public static final String ENVIRONMENT_CHANGE = "environment_change";

  /** The JMH params tag of a benchmark without params. */
  public static final String NO_PARAMS = "none";

  /** Encoding of the run file in the {@code run} measurement. */
  public static final String ENCODING = RunJson.FORMAT + "+gzip+base64";

  /** Characters per {@code json_N} field; below the 64 KiB string limit with room to spare. */
  static final int CHUNK_CHARS = 60_000;

  /** JMH's confidence level for {@code scoreError}: 99.9%. */
  private static final double JMH_CONFIDENCE = 0.999;

  private InfluxSchema() {}

  /**
   * Nanoseconds since the epoch for every point of {@code run}: its start, truncated to the
   * millisecond, plus a sub-millisecond offset (0..999,999 ns) derived from the run id, so two runs
   * that started in the same millisecond do not overwrite each other while one run always maps to
   * the same time.
   */
  public static long pointTimeNanos(Run run) {
    return TimeUnit.MILLISECONDS.toNanos(run.startedAt().toEpochMilli()) + idOffsetNanos(run);
  }

  private static long idOffsetNanos(Run run) {
    CRC32 crc = new CRC32();
    crc.update(run.id().getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % 1_000_000L;
  }

  /** Every point of a run, in line protocol (ns precision): one batch. */
  public static String runBatch(Run run) {
    List<Point> points = new ArrayList<>();
    points.add(runPoint(run));
    if ("jmh".equals(run.source())) {
      points.addAll(jmhPoints(run));
    } else {
      points.addAll(gatlingRequestPoints(run));
      points.addAll(gatlingWindowPoints(run));
      points.addAll(servicePoints(run));
    }
    return lines(points);
  }

  /** The verdict points of comparing {@code current} with a baseline. */
  public static String verdictBatch(Run current, List<Verdict> verdicts) {
    long t = pointTimeNanos(current);
    List<Point> points = new ArrayList<>();
    for (Verdict v : verdicts) {
      Point.Builder p =
          Point.measurement(VERDICT)
              .time(t, TimeUnit.NANOSECONDS)
              .tag("measurement", v.key())
              .tag("status", v.status().label())
              .tag("suite", current.suite())
              .tag("profile", current.profile())
              .tag("branch", current.branch())
              .tag("commit", current.commit())
              .tag("machine", current.machine());
      int fields = 0;
      fields += field(p, "baseline", v.baseline());
      fields += field(p, "current", v.current());
      fields += field(p, "change_pct", v.changePct());
      fields += field(p, "ci_low_pct", v.ciLowPct());
      fields += field(p, "ci_high_pct", v.ciHighPct());
      fields += field(p, "p_value", v.pValue());
      fields += field(p, "threshold_pct", v.thresholdPct());
      if (fields > 0) {
        points.add(p.build());
      }
    }
    return lines(points);
  }

  /**
   * The change points and environment changes of a nightly analysis, at the start of the first
   * night after each: the trend dashboards' annotations. Tags are the series' ({@code measurement,
   * suite, profile, branch, machine}) plus {@code cause} ({@code code|environment}) or {@code kind}
   * ({@code jdk|kernel|cpu|image}); a point written again (after an acknowledgement) overwrites
   * itself.
   */
  public static String changePointBatch(
      List<ChangePoint> changePoints, List<EnvironmentChange> environment) {
    List<Point> points = new ArrayList<>();
    for (ChangePoint c : changePoints) {
      Point.Builder p =
          Point.measurement(CHANGE_POINT)
              .time(nanos(c.firstAfter().startedAt()), TimeUnit.NANOSECONDS)
              .tag("measurement", c.measurement())
              .tag("suite", c.suite())
              .tag("profile", c.profile())
              .tag("branch", c.branch())
              .tag("machine", c.machine())
              .tag("cause", c.cause());
      field(p, "before", c.before());
      field(p, "after", c.after());
      field(p, "change_pct", c.changePct());
      field(p, "p_value", c.pValue());
      p.addField("id", c.id())
          .addField("commit_from", c.lastBefore().commit())
          .addField("commit_to", c.firstAfter().commit())
          .addField("acknowledged", c.acknowledged())
          .addField("reason", c.reason())
          .addField("text", ChangePointText.annotation(c));
      points.add(p.build());
    }
    for (EnvironmentChange e : environment) {
      points.add(
          Point.measurement(ENVIRONMENT_CHANGE)
              .time(nanos(e.after().startedAt()), TimeUnit.NANOSECONDS)
              .tag("kind", e.kind())
              .tag("suite", e.suite())
              .tag("profile", e.profile())
              .tag("branch", e.branch())
              .tag("machine", e.machine())
              .addField("from", e.from())
              .addField("to", e.to())
              .addField("commit_from", e.before().commit())
              .addField("commit_to", e.after().commit())
              .addField("text", e.describe())
              .build());
    }
    return lines(points);
  }

  private static long nanos(Instant t) {
    return TimeUnit.MILLISECONDS.toNanos(t.toEpochMilli());
  }

  /**
   * Overwrites the validity of a stored run: the {@code valid} and {@code invalid_reason} fields of
   * its {@code run} point and the {@code valid} field of its request, service and benchmark points
   * (same series, same times), which the trend dashboards filter on.
   */
  public static String validityBatch(Run run, boolean valid, String reason) {
    Run changed = run.withValidity(valid, reason == null ? "" : reason);
    List<Point> points = new ArrayList<>();
    points.add(
        runTags(Point.measurement(RUN), run)
            .addField("valid", valid)
            .addField("invalid_reason", changed.invalidReason())
            .build());
    if ("jmh".equals(run.source())) {
      points.addAll(jmhPoints(changed));
    } else {
      points.addAll(gatlingRequestPoints(changed));
      points.addAll(servicePoints(changed));
    }
    return lines(points);
  }

  static Point runPoint(Run run) {
    String encoded = encode(run);
    int chunks = Math.max(1, (encoded.length() + CHUNK_CHARS - 1) / CHUNK_CHARS);
    Point.Builder p =
        runTags(Point.measurement(RUN), run)
            .addField("run_id", run.id())
            .addField("commit", run.commit())
            .addField("valid", run.valid())
            .addField("invalid_reason", run.invalidReason())
            .addField("encoding", ENCODING)
            .addField("chunks", (long) chunks);
    // What the dashboards show of a run (the JSON chunks hold everything, unreadable there).
    metadata(p, "jdk", run.jdk());
    metadata(
        p,
        "tools",
        String.join(
            ", ",
            run.toolVersions().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .toList()));
    metadata(p, "cpu", run.provenance().get("cpuModel"));
    metadata(p, "kernel", run.provenance().get("kernel"));
    metadata(p, "runner_image", run.provenance().get("runnerImage"));
    for (int i = 0; i < chunks; i++) {
      int from = i * CHUNK_CHARS;
      p.addField(
          "json_" + i, encoded.substring(from, Math.min(encoded.length(), from + CHUNK_CHARS)));
    }
    return p.build();
  }

  private static Point.Builder runTags(Point.Builder p, Run run) {
    return p.time(pointTimeNanos(run), TimeUnit.NANOSECONDS)
        .tag("suite", run.suite())
        .tag("profile", run.profile())
        .tag("branch", run.branch())
        .tag("machine", run.machine())
        .tag("source", run.source());
  }

  private static void metadata(Point.Builder p, String field, String value) {
    if (value != null && !value.isBlank() && !"unknown".equals(value)) {
      p.addField(field, value);
    }
  }

  /** One point per request name (and {@code All Requests}) with the run's exact statistics. */
  static List<Point> gatlingRequestPoints(Run run) {
    Map<String, List<Measurement>> byRequest = new LinkedHashMap<>();
    for (Measurement m : run.measurements()) {
      if (isService(m)) {
        continue;
      }
      byRequest
          .computeIfAbsent(m.tags().getOrDefault("request", m.name()), k -> new ArrayList<>())
          .add(m);
    }
    long t = pointTimeNanos(run);
    List<Point> points = new ArrayList<>();
    for (Map.Entry<String, List<Measurement>> e : byRequest.entrySet()) {
      Point.Builder p =
          gatlingTags(Point.measurement(GATLING_REQUEST), run, e.getKey())
              .time(t, TimeUnit.NANOSECONDS);
      Samples.Distribution okTimes = null;
      for (Measurement m : e.getValue()) {
        switch (m.metric()) {
          case MEAN -> field(p, "mean_ms", m.value());
          case P50 -> field(p, "p50_ms", m.value());
          case P75 -> field(p, "p75_ms", m.value());
          case P95 -> field(p, "p95_ms", m.value());
          case P99 -> field(p, "p99_ms", m.value());
          case RPS -> field(p, "rps", m.value());
          // A shaped run's headline figure, on the point of its own request name.
          case KNEE -> field(p, "knee_rps", m.value());
          case RECOVERY -> field(p, "recovery_s", m.value());
          case DRIFT -> field(p, "drift_pct", m.value());
          case ERROR_RATE -> {
            if (m.samples() instanceof Samples.Proportion ko) {
              p.addField("count", ko.trials());
              p.addField("ok", ko.trials() - ko.events());
              p.addField("ko", ko.events());
              // A ratio in 0..1 (Grafana unit percentunit), not the percent of the model.
              p.addField("error_rate", ko.rate());
            }
          }
          default -> {}
        }
        if (m.metric().isPercentile() || m.metric() == Metric.MEAN) {
          if (m.samples() instanceof Samples.Distribution d) {
            okTimes = d;
          }
        }
      }
      if (okTimes != null && okTimes.size() > 0) {
        p.addField("max_ms", okTimes.max());
      }
      p.addField("run_id", run.id()).addField("valid", run.valid());
      points.add(p.build());
    }
    return points;
  }

  private static boolean isService(Measurement m) {
    return "service".equals(m.tags().get("source"));
  }

  /**
   * One {@code service_request} point per route (and one for {@code JVM}): the service's own
   * measurements of the window, from its Prometheus scrapes.
   */
  static List<Point> servicePoints(Run run) {
    Map<String, List<Measurement>> byRoute = new LinkedHashMap<>();
    for (Measurement m : run.measurements()) {
      if (isService(m)) {
        byRoute.computeIfAbsent(m.tags().get("route"), k -> new ArrayList<>()).add(m);
      }
    }
    long t = pointTimeNanos(run);
    List<Point> points = new ArrayList<>();
    for (Map.Entry<String, List<Measurement>> e : byRoute.entrySet()) {
      Point.Builder p =
          Point.measurement(SERVICE_REQUEST)
              .time(t, TimeUnit.NANOSECONDS)
              .tag("suite", run.suite())
              .tag("profile", run.profile())
              .tag("route", e.getKey())
              .tag("branch", run.branch())
              .tag("commit", run.commit())
              .tag("machine", run.machine());
      for (Measurement m : e.getValue()) {
        switch (m.metric()) {
          case MEAN -> field(p, "service_mean_us", m.value());
          case P50 -> field(p, "service_p50_us", m.value());
          case P95 -> field(p, "service_p95_us", m.value());
          case P99 -> field(p, "service_p99_us", m.value());
          case CPU -> field(p, "cpu_us_per_req", m.value());
          case CPU_P50 -> field(p, "cpu_p50_us", m.value());
          case ALLOC -> field(p, "alloc_bytes_per_req", m.value());
          case SQL -> field(p, "sql_per_req", m.value());
          case GC_PAUSE -> field(p, "gc_pause_ms", m.value());
          case POOL_WAIT -> field(p, "pool_wait_ms", m.value());
          default -> {}
        }
        if (m.metric() == Metric.MEAN && m.samples() instanceof Samples.Distribution d) {
          p.addField("requests", d.size());
        }
      }
      p.addField("run_id", run.id()).addField("valid", run.valid());
      points.add(p.build());
    }
    return points;
  }

  /** One point per request name and second of the run. */
  static List<Point> gatlingWindowPoints(Run run) {
    long offset = idOffsetNanos(run);
    List<Point> points = new ArrayList<>();
    for (Window w : run.windows()) {
      Point.Builder p =
          gatlingTags(Point.measurement(GATLING_WINDOW), run, w.request())
              .time(TimeUnit.SECONDS.toNanos(w.epochSecond()) + offset, TimeUnit.NANOSECONDS)
              .addField("rps", (double) w.requests())
              .addField("active_users", w.activeUsers())
              .addField("ko", w.ko());
      field(p, "p95_ms", w.p95Ms());
      points.add(p.build());
    }
    return points;
  }

  private static Point.Builder gatlingTags(Point.Builder p, Run run, String request) {
    return p.tag("suite", run.suite())
        .tag("profile", run.profile())
        .tag("request", request)
        .tag("branch", run.branch())
        .tag("commit", run.commit())
        .tag("machine", run.machine());
  }

  /** One point per benchmark, mode and params: score with JMH's 99.9% interval, allocation. */
  static List<Point> jmhPoints(Run run) {
    Map<String, Measurement> alloc = new LinkedHashMap<>();
    for (Measurement m : run.measurements()) {
      if (m.metric() == Metric.ALLOC) {
        alloc.put(m.name(), m);
      }
    }
    long t = pointTimeNanos(run);
    List<Point> points = new ArrayList<>();
    for (Measurement m : run.measurements()) {
      if (m.metric() != Metric.SCORE) {
        continue;
      }
      String params = m.tags().getOrDefault("params", "");
      Point.Builder p =
          Point.measurement(JMH_BENCHMARK)
              .time(t, TimeUnit.NANOSECONDS)
              .tag("benchmark", m.tags().getOrDefault("benchmark", m.name()))
              .tag("mode", m.tags().getOrDefault("mode", "unknown"))
              .tag("params", params.isBlank() ? NO_PARAMS : params)
              .tag("profile", run.profile())
              .tag("unit", m.unit())
              .tag("branch", run.branch())
              .tag("commit", run.commit())
              .tag("machine", run.machine());
      field(p, "score", m.value());
      p.addField("samples", m.samples().size());
      if (m.samples() instanceof Samples.Observations o) {
        double error = scoreError(o.values());
        if (field(p, "score_error", error) > 0) {
          p.addField("ci_low", m.value() - error);
          p.addField("ci_high", m.value() + error);
        }
      }
      Measurement a = alloc.get(m.name());
      if (a != null) {
        field(p, "alloc_bytes_per_op", a.value());
      }
      p.addField("run_id", run.id()).addField("valid", run.valid());
      points.add(p.build());
    }
    return points;
  }

  /**
   * Half-width of the 99.9% Student-t interval of the mean of the iteration scores: how JMH
   * computes {@code scoreError}; NaN below three iterations (as JMH).
   */
  static double scoreError(double[] values) {
    int n = values.length;
    if (n <= 2) {
      return Double.NaN;
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= n;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double t = TDistribution.of(n - 1).inverseCumulativeProbability(1 - (1 - JMH_CONFIDENCE) / 2);
    return t * sd / Math.sqrt(n);
  }

  /** Adds a float field when finite (InfluxDB stores no NaN); returns 1 when added. */
  private static int field(Point.Builder p, String name, double v) {
    if (Double.isFinite(v)) {
      p.addField(name, v);
      return 1;
    }
    return 0;
  }

  private static String lines(List<Point> points) {
    StringBuilder sb = new StringBuilder(points.size() * 160);
    for (Point p : points) {
      sb.append(p.lineProtocol(TimeUnit.NANOSECONDS)).append('\n');
    }
    return sb.toString();
  }

  static String encode(Run run) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      RunJson.write(run, gz);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode run " + run.id() + ": " + e.getMessage(), e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /**
   * Rebuilds a run from a row of {@code SELECT * FROM "run"}; the {@code valid} and {@code
   * invalid_reason} fields win over the copy inside the JSON (they are updated in place).
   */
  static Run decode(Map<String, Object> row) throws IOException {
    Object enc = row.get("encoding");
    if (!ENCODING.equals(enc)) {
      throw new IOException("run point has encoding '" + enc + "', expected " + ENCODING);
    }
    int chunks = ((Number) row.get("chunks")).intValue();
    StringBuilder b64 = new StringBuilder(chunks * CHUNK_CHARS);
    for (int i = 0; i < chunks; i++) {
      Object part = row.get("json_" + i);
      if (!(part instanceof String s)) {
        throw new IOException("run point misses chunk json_" + i + " of " + chunks);
      }
      b64.append(s);
    }
    Run run;
    try (InputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(b64.toString())))) {
      run = RunJson.read(in);
    }
    Object valid = row.get("valid");
    Object reason = row.get("invalid_reason");
    if (valid instanceof Boolean v) {
      run = run.withValidity(v, reason instanceof String s ? s : "");
    }
    return run;
  }

  /** For messages and tests: the number of points (lines) in a batch. */
  public static int countLines(String batch) {
    int n = 0;
    for (int i = 0; i < batch.length(); i++) {
      if (batch.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  static Instant timeOf(long nanos) {
    return Instant.ofEpochSecond(0, nanos);
  }
}
