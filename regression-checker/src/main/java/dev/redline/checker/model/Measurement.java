package dev.redline.checker.model;

import java.util.Map;
import java.util.Objects;

/**
 * One measured quantity of one run: the single record for it, already in its canonical unit.
 *
 * @param name what was measured: a Gatling request name ({@code GET /dashboard/stats}) or a JMH
 *     benchmark with its params ({@code dev.redline.bench.FooBenchmark.parse(size=100)})
 * @param metric which statistic
 * @param unit canonical unit ({@link Units}): ms, req/s, %, ns/op, ops/s, B/op
 * @param direction which way is better
 * @param value the exact value over the whole run (for percentiles: exact, not estimated)
 * @param samples the observations behind the value, for the significance test
 * @param tags bounded labels for stores and dashboards (request; benchmark, mode, params); never
 *     ids
 */
public record Measurement(
    String name,
    Metric metric,
    String unit,
    Direction direction,
    double value,
    Samples samples,
    Map<String, String> tags) {

  public Measurement {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(samples, "samples");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The identity across runs: name and metric, for example {@code GET /dashboard/stats p95}. */
  public String key() {
    return name + " " + metric.id();
  }
}
