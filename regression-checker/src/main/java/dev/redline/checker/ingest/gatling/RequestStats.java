package dev.redline.checker.ingest.gatling;

import dev.redline.checker.model.Samples.Distribution;
import java.util.List;

/**
 * Everything one request name (or all requests together) did in a run, exactly.
 *
 * <p>Latency statistics ({@code minMs} .. {@code p99Ms}) are over OK responses only, the way a
 * latency target is meant; they are NaN when no response was OK. Percentiles are nearest-rank (see
 * {@link Distribution}); times are whole milliseconds. {@link #allTimesMs()} gives OK and KO
 * together, as Gatling's report "Total" column counts them.
 *
 * @param name the stable label: the request name, prefixed by its group path joined with {@code " /
 *     "} when the request ran inside groups; {@value GatlingRun#ALL_REQUESTS} for the total
 * @param groups enclosing groups, outermost first; empty when none
 * @param requestName the request name as the simulation gave it
 * @param okTimesMs response times of OK responses, ms, exact
 * @param koTimesMs response times of KO responses, ms, exact
 * @param rps mean responses per second over the run's duration ({@link GatlingRun#durationSeconds})
 * @param windows one per second of the run, gaps included (zero responses)
 */
public record RequestStats(
    String name,
    List<String> groups,
    String requestName,
    Distribution okTimesMs,
    Distribution koTimesMs,
    double rps,
    List<SecondWindow> windows) {

  public RequestStats {
    groups = List.copyOf(groups);
    windows = List.copyOf(windows);
  }

  /** All responses, OK and KO. */
  public long count() {
    return okTimesMs.size() + koTimesMs.size();
  }

  public long ok() {
    return okTimesMs.size();
  }

  public long ko() {
    return koTimesMs.size();
  }

  /** KO responses out of all, 0..1. */
  public double errorRate() {
    long n = count();
    return n == 0 ? 0 : (double) ko() / n;
  }

  /** OK and KO response times together, ms. */
  public Distribution allTimesMs() {
    return okTimesMs.merge(koTimesMs);
  }

  public double minMs() {
    return okTimesMs.min();
  }

  public double maxMs() {
    return okTimesMs.max();
  }

  public double meanMs() {
    return okTimesMs.mean();
  }

  public double p50Ms() {
    return okTimesMs.quantile(0.50);
  }

  public double p75Ms() {
    return okTimesMs.quantile(0.75);
  }

  public double p95Ms() {
    return okTimesMs.quantile(0.95);
  }

  public double p99Ms() {
    return okTimesMs.quantile(0.99);
  }
}
