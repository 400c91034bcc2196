package dev.redline.checker.model;

import java.util.Locale;

/**
 * What a measurement is. Latency metrics are computed from a response-time distribution; the others
 * are observed directly. The id is the stable label used in messages, config keys and InfluxDB.
 */
public enum Metric {
  MEAN("mean", Double.NaN),
  P50("p50", 0.50),
  P75("p75", 0.75),
  P95("p95", 0.95),
  P99("p99", 0.99),
  /** Requests per second over the run. */
  RPS("rps", Double.NaN),
  /** Failed requests as a percentage of all requests; judged against an absolute budget. */
  ERROR_RATE("error_rate", Double.NaN),
  /** A JMH primary score, in the benchmark's (normalised) unit. */
  SCORE("score", Double.NaN),
  /**
   * JMH {@code -prof gc} {@code gc.alloc.rate.norm}, bytes per operation; a service's per request.
   */
  ALLOC("alloc", Double.NaN),
  /** A service's CPU time per request (its request threads', or the process's). */
  CPU("cpu", Double.NaN),
  /**
   * The median of a service's CPU time per request, from the starter's CPU time histogram: what a
   * typical request cost, unmoved by the few the machine slowed down.
   */
  CPU_P50("cpu_p50", Double.NaN),
  /** A service's SQL statements per request. */
  SQL("sql", Double.NaN),
  /** A service's GC pause time over the measurement window. */
  GC_PAUSE("gc_pause", Double.NaN),
  /**
   * A service's mean wait for a database connection over the window (HikariCP's acquire timer): the
   * pool running short shows here before it shows as timeouts.
   */
  POOL_WAIT("pool_wait", Double.NaN),
  /** A stress run's capacity knee: the highest arrival rate held within its targets, req/s. */
  KNEE("knee", Double.NaN),
  /** A spike run's time to recover the steady p95 after the spike, seconds. */
  RECOVERY("recovery", Double.NaN),
  /** A soak run's p95 drift from its first to its last window, percent. */
  DRIFT("drift", Double.NaN);

  private final String id;
  private final double quantile;

  Metric(String id, double quantile) {
    this.id = id;
    this.quantile = quantile;
  }

  /** The stable label, for example {@code p95}. */
  public String id() {
    return id;
  }

  /** The quantile in (0, 1) for percentile metrics, NaN for the others. */
  public double quantile() {
    return quantile;
  }

  /** True for p50..p99. */
  public boolean isPercentile() {
    return !Double.isNaN(quantile);
  }

  /** Parses a label such as {@code p95} or {@code error_rate}; fails with a sentence naming it. */
  public static Metric fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (Metric m : values()) {
      if (m.id.equals(wanted)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '"
            + id
            + "' (known: mean, p50, p75, p95, p99, rps, error_rate, score, alloc, cpu, cpu_p50,"
            + " sql, gc_pause, pool_wait, knee, recovery, drift)");
  }
}
