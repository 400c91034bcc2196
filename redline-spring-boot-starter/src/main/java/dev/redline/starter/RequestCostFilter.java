package dev.redline.starter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records what each request cost its own thread, per route, as Micrometer counters:
 *
 * <ul>
 *   <li>{@code redline.requests} (Prometheus {@code redline_requests_total}): requests;
 *   <li>{@code redline.request.cpu} ({@code redline_request_cpu_seconds_total}): thread CPU time;
 *   <li>{@code redline.request.allocation} ({@code redline_request_allocation_bytes_total}): bytes
 *       allocated by the thread;
 *   <li>{@code redline.request.sql} ({@code redline_request_sql_statements_total}): SQL statements
 *       executed on the thread (needs the DataSource wrapping of this starter).
 *   <li>{@code redline.request.cpu.time} ({@code redline_request_cpu_time_seconds_bucket}): the
 *       same thread CPU time as a histogram with {@link FineBuckets}, for the median CPU time per
 *       request, which a few requests slowed by the machine (a context switch, cold caches) do not
 *       move the way they move the mean.
 * </ul>
 *
 * Tags {@code method} and {@code uri}, the same route template Spring's {@code
 * http.server.requests} carries ({@code /api/v1/models/{id}}; {@code UNKNOWN} when no handler
 * matched), so a window's cost per request is the difference of two scrapes of a counter divided by
 * the difference of {@code redline_requests_total}. Counters rather than distributions: a total per
 * window is all a mean per request needs, and a counter's increment costs a few nanoseconds.
 *
 * <p>A request that goes async is recorded once, when its last dispatch ends, with the cost of
 * every dispatch's thread added up. Work a request hands to threads of its own (executors) is not
 * counted; the process totals ({@code process_cpu_time_ns_total}, {@code
 * jvm_gc_memory_allocated_bytes_total}) still hold it.
 */
public class RequestCostFilter extends OncePerRequestFilter {

  static final String UNKNOWN = "UNKNOWN";

  /**
   * Request attribute: what the dispatches before an async one cost (cpu ns, bytes, statements).
   */
  static final String PARTIAL = RequestCostFilter.class.getName() + ".partial";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Meters> meters = new ConcurrentHashMap<>();

  public RequestCostFilter(MeterRegistry registry) {
    this.registry = registry;
  }

  private record Meters(
      Counter requests, Counter cpu, Timer cpuTime, Counter allocation, Counter sql) {}

  @Override
  protected void doFilterInternal(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    long cpu0 = RequestCost.cpuNanos();
    long alloc0 = RequestCost.allocatedBytes();
    long sql0 = SqlStatements.count();
    try {
      chain.doFilter(req, res);
    } finally {
      long[] cost = {
        RequestCost.cpuNanos() - cpu0,
        RequestCost.allocatedBytes() - alloc0,
        SqlStatements.count() - sql0
      };
      if (req.getAttribute(PARTIAL) instanceof long[] earlier) {
        for (int i = 0; i < cost.length; i++) {
          cost[i] += earlier[i];
        }
      }
      if (req.isAsyncStarted()) {
        // The request goes on in a later (async) dispatch, maybe on another thread: carry what
        // this part cost and record the whole once, when the last dispatch ends.
        req.setAttribute(PARTIAL, cost);
      } else {
        req.removeAttribute(PARTIAL);
        record(req, cost);
      }
    }
  }

  /** Async dispatches too: a request that went async is recorded when its last dispatch ends. */
  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  private void record(HttpServletRequest req, long[] cost) {
    Meters m = meters(req.getMethod(), route(req));
    m.requests.increment();
    if (RequestCost.SUPPORTED) {
      m.cpu.increment(cost[0] / 1e9);
      m.cpuTime.record(cost[0], TimeUnit.NANOSECONDS);
      m.allocation.increment(cost[1]);
    }
    m.sql.increment(cost[2]);
  }

  private static String route(HttpServletRequest req) {
    Object pattern = req.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    return pattern instanceof String s ? s : UNKNOWN;
  }

  private Meters meters(String method, String uri) {
    String key = method + ' ' + uri;
    Meters m = meters.get(key);
    if (m == null) {
      m =
          meters.computeIfAbsent(
              key,
              k ->
                  new Meters(
                      counter("redline.requests", null, "Requests, per route", method, uri),
                      counter(
                          "redline.request.cpu",
                          "seconds",
                          "CPU time of the request's own thread, per route",
                          method,
                          uri),
                      Timer.builder("redline.request.cpu.time")
                          .description("CPU time of the request's own thread, per route")
                          .tag("method", method)
                          .tag("uri", uri)
                          .register(registry),
                      counter(
                          "redline.request.allocation",
                          "bytes",
                          "Bytes allocated by the request's own thread, per route",
                          method,
                          uri),
                      counter(
                          "redline.request.sql",
                          "statements",
                          "SQL statements executed by the request's own thread, per route",
                          method,
                          uri)));
    }
    return m;
  }

  private Counter counter(String name, String unit, String help, String method, String uri) {
    return Counter.builder(name)
        .baseUnit(unit)
        .description(help)
        .tag("method", method)
        .tag("uri", uri)
        .register(registry);
  }
}
