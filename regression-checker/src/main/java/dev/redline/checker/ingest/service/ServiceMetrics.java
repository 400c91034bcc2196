package dev.redline.checker.ingest.service;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.service.PrometheusText.Sample;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's own measurements over one load window, from two scrapes of its Prometheus endpoint
 * taken at the window's start and end ({@value #FOLDER}/{@value #START} and {@value #END} in a
 * Gatling run folder). Works for any Spring Boot service that publishes (the contract, see the
 * checker README):
 *
 * <ul>
 *   <li>{@code http_server_requests_seconds_bucket/_count/_sum} with {@code method} and {@code uri}
 *       tags ({@code management.metrics.distribution.percentiles-histogram.http.server.requests=
 *       true}): service time per route, successful requests only. Percentiles are estimated from
 *       the bucket deltas by linear interpolation inside the bucket, as Prometheus' {@code
 *       histogram_quantile} does; bucket bounds below 1 ms give sub-millisecond resolution.
 *   <li>{@code redline_requests_total}, {@code redline_request_cpu_seconds_total}, {@code
 *       redline_request_allocation_bytes_total}, {@code redline_request_sql_statements_total}
 *       (redline-spring-boot-starter): CPU, allocation and SQL statements per request per route.
 *       Without them: process CPU ({@code process_cpu_time_ns_total}) and allocation ({@code
 *       jvm_gc_memory_allocated_bytes_total}) per request over all routes, named as such.
 *   <li>{@code jvm_gc_pause_seconds_sum}: GC pause time in the window.
 * </ul>
 *
 * Routes with fewer than {@value #MIN_REQUESTS} requests in the window, {@code /actuator} routes
 * (the scrapes themselves) and unmatched requests ({@code UNKNOWN}, {@code NOT_FOUND}, ...) are
 * left out.
 */
public final class ServiceMetrics {

  public static final String FOLDER = "service-metrics";
  public static final String START = "start.prom";
  public static final String END = "end.prom";

  /** Prefix of every service measurement's name: {@code service GET /api/v1/models/{id}}. */
  public static final String PREFIX = "service ";

  /** The name (after {@link #PREFIX}) of the database connection pool's measurements. */
  public static final String POOL = "DB pool";

  static final int MIN_REQUESTS = 20;

  private static final Metric[] PERCENTILES = {Metric.P50, Metric.P95, Metric.P99};

  private ServiceMetrics() {}

  /** True when {@code runFolder} holds a scrape pair (or half of one, an error on reading). */
  public static boolean present(Path runFolder) {
    Path dir = runFolder.resolve(FOLDER);
    return Files.exists(dir.resolve(START)) || Files.exists(dir.resolve(END));
  }

  /** The measurements of the window recorded in {@code runFolder}. */
  public static List<Measurement> read(Path runFolder) throws InputException {
    Path dir = runFolder.resolve(FOLDER);
    Path start = dir.resolve(START);
    Path end = dir.resolve(END);
    for (Path p : List.of(start, end)) {
      if (!Files.exists(p)) {
        throw new InputException(
            p,
            "The service metrics of "
                + runFolder
                + " lack "
                + p
                + " (a window needs both scrapes).");
      }
    }
    return between(PrometheusText.read(start), PrometheusText.read(end), end);
  }

  /** The measurements of the window between two scrapes; {@code file} is named in errors. */
  static List<Measurement> between(List<Sample> start, List<Sample> end, Path file)
      throws InputException {
    Delta d = new Delta(start, end, file);
    List<Measurement> out = new ArrayList<>();
    Map<String, Double> count = d.byRoute("http_server_requests_seconds_count", true);
    Map<String, Double> sum = d.byRoute("http_server_requests_seconds_sum", true);
    Map<String, TreeMap<Double, Double>> buckets = d.buckets("http_server_requests_seconds_bucket");
    for (Map.Entry<String, Double> e : count.entrySet()) {
      String route = e.getKey();
      double n = e.getValue();
      TreeMap<Double, Double> cumulative = buckets.get(route);
      if (n < MIN_REQUESTS || cumulative == null) {
        continue;
      }
      times(
          out,
          PREFIX + route,
          sum.getOrDefault(route, 0.0) / n,
          cumulative,
          Map.of("route", route, "source", "service"));
    }
    Map<String, Double> requests = d.byRoute("redline_requests_total", false);
    if (!requests.isEmpty()) {
      Map<String, Double> cpu = d.byRoute("redline_request_cpu_seconds_total", false);
      Map<String, Double> alloc = d.byRoute("redline_request_allocation_bytes_total", false);
      Map<String, Double> sql = d.byRoute("redline_request_sql_statements_total", false);
      for (Map.Entry<String, Double> e : requests.entrySet()) {
        String route = e.getKey();
        double n = e.getValue();
        if (n < MIN_REQUESTS) {
          continue;
        }
        Map<String, String> tags = Map.of("route", route, "source", "service");
        perRequest(out, PREFIX + route, Metric.CPU, Units.US_PER_REQ, cpu.get(route), 1e6, n, tags);
        perRequest(
            out, PREFIX + route, Metric.ALLOC, Units.BYTES_PER_REQ, alloc.get(route), 1, n, tags);
        perRequest(
            out, PREFIX + route, Metric.SQL, Units.STATEMENTS_PER_REQ, sql.get(route), 1, n, tags);
      }
      for (Map.Entry<String, TreeMap<Double, Double>> e :
          d.buckets("redline_request_cpu_time_seconds_bucket").entrySet()) {
        TreeMap<Double, Double> cumulative = e.getValue();
        if (cumulative.lastEntry().getValue() < MIN_REQUESTS) {
          continue;
        }
        double median = quantile(cumulative, 0.5) * 1e6;
        out.add(
            new Measurement(
                PREFIX + e.getKey(),
                Metric.CPU_P50,
                Units.US,
                Direction.LOWER_IS_BETTER,
                median,
                new Samples.Observations(new double[] {median}),
                Map.of("route", e.getKey(), "source", "service")));
      }
    } else {
      double n = count.values().stream().mapToDouble(Double::doubleValue).sum();
      if (n >= MIN_REQUESTS) {
        Map<String, String> tags = Map.of("route", "all routes (process)", "source", "service");
        String name = PREFIX + "all routes (process)";
        perRequest(
            out,
            name,
            Metric.CPU,
            Units.US_PER_REQ,
            d.total("process_cpu_time_ns_total"),
            1e-3,
            n,
            tags);
        perRequest(
            out,
            name,
            Metric.ALLOC,
            Units.BYTES_PER_REQ,
            d.total("jvm_gc_memory_allocated_bytes_total"),
            1,
            n,
            tags);
      }
    }
    Double gc = d.total("jvm_gc_pause_seconds_sum");
    if (gc != null) {
      out.add(
          new Measurement(
              PREFIX + "JVM",
              Metric.GC_PAUSE,
              Units.MS,
              Direction.LOWER_IS_BETTER,
              gc * 1e3,
              new Samples.Observations(new double[] {gc * 1e3}),
              Map.of("route", "JVM", "source", "service")));
    }
    Double acquires = d.total("hikaricp_connections_acquire_seconds_count");
    Double waited = d.total("hikaricp_connections_acquire_seconds_sum");
    if (acquires != null && waited != null && acquires > 0) {
      double ms = waited * 1e3 / acquires;
      out.add(
          new Measurement(
              PREFIX + POOL,
              Metric.POOL_WAIT,
              Units.MS,
              Direction.LOWER_IS_BETTER,
              ms,
              new Samples.Observations(new double[] {ms}),
              Map.of("route", POOL, "source", "service")));
    }
    return out;
  }

  /** The name (after {@link #PREFIX}) of the service's own /ws delivery time. */
  public static final String WS_DELIVERY = "WS /ws delivery";

  /** The platform's /ws delivery histogram (emitted_at to the frame's write into the socket). */
  static final String WS_HISTOGRAM = "platform_ws_delivery_latency_seconds";

  /**
   * The service's own /ws event delivery time over a /ws window, from two scrapes: {@value
   * #WS_HISTOGRAM} (platform-api's, not a Spring Boot standard: a service without it has none) as
   * mean, p50, p95 and p99 in us. It excludes the load client's share (reading 1,000 sockets on one
   * thread, in a JVM started for the window), which is most of what the client's own {@code WS /ws
   * delivery} varies by between rounds; a slower fan-out shows here whole.
   *
   * @return empty when the histogram is absent or counted fewer than {@value #MIN_REQUESTS} frames
   */
  public static List<Measurement> wsDelivery(Path startFile, Path endFile) throws InputException {
    List<Sample> start = PrometheusText.read(startFile);
    List<Sample> end = PrometheusText.read(endFile);
    Delta d = new Delta(start, end, endFile);
    Double count = d.total(WS_HISTOGRAM + "_count");
    Double sum = d.total(WS_HISTOGRAM + "_sum");
    if (count == null || sum == null || count < MIN_REQUESTS) {
      return List.of();
    }
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    for (List<Sample> scrape : List.of(start, end)) {
      double sign = scrape == start ? -1 : 1;
      for (Sample x : scrape) {
        if (x.name().equals(WS_HISTOGRAM + "_bucket")) {
          double le =
              Double.parseDouble(x.labels().getOrDefault("le", "+Inf").replace("+Inf", "Infinity"));
          cumulative.merge(le, sign * x.value(), Double::sum);
        }
      }
    }
    if (cumulative.isEmpty() || cumulative.values().stream().anyMatch(v -> v < 0)) {
      return List.of();
    }
    List<Measurement> out = new ArrayList<>();
    times(
        out,
        PREFIX + WS_DELIVERY,
        sum / count,
        cumulative,
        Map.of("route", "/ws", "source", "service"));
    return out;
  }

  /**
   * A time histogram's window as mean (from its sum and count, exact) and percentiles (from its
   * buckets), in us, each carrying the bucket distribution.
   */
  private static void times(
      List<Measurement> out,
      String name,
      double meanSeconds,
      TreeMap<Double, Double> cumulative,
      Map<String, String> tags) {
    Samples.Distribution dist = distribution(cumulative);
    out.add(
        new Measurement(
            name, Metric.MEAN, Units.US, Direction.LOWER_IS_BETTER, meanSeconds * 1e6, dist, tags));
    for (Metric m : PERCENTILES) {
      out.add(
          new Measurement(
              name,
              m,
              Units.US,
              Direction.LOWER_IS_BETTER,
              quantile(cumulative, m.quantile()) * 1e6,
              dist,
              tags));
    }
  }

  private static void perRequest(
      List<Measurement> out,
      String name,
      Metric metric,
      String unit,
      Double total,
      double scale,
      double requests,
      Map<String, String> tags) {
    if (total == null) {
      return;
    }
    double v = total * scale / requests;
    out.add(
        new Measurement(
            name,
            metric,
            unit,
            Direction.LOWER_IS_BETTER,
            v,
            new Samples.Observations(new double[] {v}),
            tags));
  }

  /**
   * The {@code q} quantile (seconds) of the window from cumulative bucket counts keyed by upper
   * bound: linear inside the bucket that holds it; the last finite bound when it falls in +Inf.
   */
  static double quantile(TreeMap<Double, Double> cumulative, double q) {
    double total = cumulative.lastEntry().getValue();
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
      double bound = b.getKey();
      double c = b.getValue();
      if (c >= rank && c > lowerCount) {
        if (Double.isInfinite(bound)) {
          return lowerBound;
        }
        return lowerBound + (bound - lowerBound) * (rank - lowerCount) / (c - lowerCount);
      }
      if (!Double.isInfinite(bound)) {
        lowerBound = bound;
      }
      lowerCount = c;
    }
    return lowerBound;
  }

  /** Per-bucket counts at each finite upper bound in microseconds (+Inf folded into the last). */
  static Samples.Distribution distribution(TreeMap<Double, Double> cumulative) {
    List<double[]> rows = new ArrayList<>();
    double previous = 0;
    double lastFinite = 0;
    for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
      double inBucket = b.getValue() - previous;
      previous = b.getValue();
      double bound = Double.isInfinite(b.getKey()) ? lastFinite : b.getKey();
      if (!Double.isInfinite(b.getKey())) {
        lastFinite = b.getKey();
      }
      if (inBucket > 0) {
        if (!rows.isEmpty() && rows.get(rows.size() - 1)[0] == bound * 1e6) {
          rows.get(rows.size() - 1)[1] += inBucket;
        } else {
          rows.add(new double[] {bound * 1e6, inBucket});
        }
      }
    }
    double[] values = new double[rows.size()];
    long[] counts = new long[rows.size()];
    long size = 0;
    for (int i = 0; i < values.length; i++) {
      values[i] = rows.get(i)[0];
      counts[i] = Math.round(rows.get(i)[1]);
      size += counts[i];
    }
    return new Samples.Distribution(values, counts, size);
  }

  /** Differences between two scrapes, summed over the labels a question does not ask about. */
  private static final class Delta {
    private final List<Sample> start;
    private final List<Sample> end;
    private final Path file;

    Delta(List<Sample> start, List<Sample> end, Path file) {
      this.start = start;
      this.end = end;
      this.file = file;
    }

    Map<String, Double> byRoute(String name, boolean successOnly) throws InputException {
      Map<String, Double> s = sumByRoute(start, name, successOnly, null);
      Map<String, Double> e = sumByRoute(end, name, successOnly, null);
      return minus(e, s, name);
    }

    /** Per route, the window's cumulative counts of histogram {@code name} keyed by upper bound. */
    Map<String, TreeMap<Double, Double>> buckets(String name) throws InputException {
      Map<String, TreeMap<Double, Double>> out = new TreeMap<>();
      Map<String, Double> s = sumByRoute(start, name, true, "le");
      Map<String, Double> e = sumByRoute(end, name, true, "le");
      for (Map.Entry<String, Double> x : minus(e, s, name).entrySet()) {
        int sep = x.getKey().lastIndexOf('\u0000');
        String route = x.getKey().substring(0, sep);
        double le = Double.parseDouble(x.getKey().substring(sep + 1).replace("+Inf", "Infinity"));
        out.computeIfAbsent(route, k -> new TreeMap<>()).put(le, x.getValue());
      }
      return out;
    }

    /** The window's increase of a counter summed over all its series, or null when absent. */
    Double total(String name) throws InputException {
      Double s = null;
      Double e = null;
      for (Sample x : start) {
        if (x.name().equals(name)) {
          s = (s == null ? 0 : s) + x.value();
        }
      }
      for (Sample x : end) {
        if (x.name().equals(name)) {
          e = (e == null ? 0 : e) + x.value();
        }
      }
      if (e == null) {
        return null;
      }
      double d = e - (s == null ? 0 : s);
      if (d < 0) {
        throw restarted(name);
      }
      return d;
    }

    private Map<String, Double> minus(Map<String, Double> e, Map<String, Double> s, String name)
        throws InputException {
      Map<String, Double> out = new TreeMap<>();
      for (Map.Entry<String, Double> x : e.entrySet()) {
        double d = x.getValue() - s.getOrDefault(x.getKey(), 0.0);
        if (d < 0) {
          throw restarted(name);
        }
        out.put(x.getKey(), d);
      }
      return out;
    }

    private InputException restarted(String name) {
      return new InputException(
          file,
          "The service metrics in "
              + file.getParent()
              + " went down between the two scrapes ("
              + name
              + "): the service restarted during the window.");
    }

    private static Map<String, Double> sumByRoute(
        List<Sample> samples, String name, boolean successOnly, String extra) {
      Map<String, Double> out = new HashMap<>();
      for (Sample x : samples) {
        if (!x.name().equals(name)) {
          continue;
        }
        String method = x.labels().get("method");
        String uri = x.labels().get("uri");
        if (method == null || uri == null || !uri.startsWith("/") || uri.startsWith("/actuator")) {
          continue;
        }
        if (successOnly
            && x.labels().containsKey("outcome")
            && !"SUCCESS".equals(x.labels().get("outcome"))) {
          continue;
        }
        String key = method + " " + uri;
        if (extra != null) {
          key += '\u0000' + x.labels().getOrDefault(extra, "");
        }
        out.merge(key, x.value(), Double::sum);
      }
      return out;
    }
  }
}
