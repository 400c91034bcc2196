package dev.redline.checker.decide;

import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Metric;

/**
 * The decision on one measurement.
 *
 * @param name measurement name ({@code GET /dashboard/stats})
 * @param metric which statistic
 * @param unit canonical unit of {@code baseline} and {@code current}
 * @param direction which way is better
 * @param status the verdict
 * @param baseline baseline value (median of per-run values when several runs)
 * @param current current value, same rule
 * @param changePct estimated relative change, percent ({@code +22.8}); for error rate the absolute
 *     change in percentage points
 * @param ciLowPct lower end of the confidence interval of the change, same unit as changePct
 * @param ciHighPct upper end
 * @param pValue two-sided p-value of "no change"
 * @param thresholdPct the limit that applied: percent, or percentage points for error rate
 * @param baselineRuns runs on the baseline side
 * @param currentRuns runs on the current side
 * @param method which test produced the p-value (see README "How the decision is made")
 */
public record Verdict(
    String name,
    Metric metric,
    String unit,
    Direction direction,
    Status status,
    double baseline,
    double current,
    double changePct,
    double ciLowPct,
    double ciHighPct,
    double pValue,
    double thresholdPct,
    int baselineRuns,
    int currentRuns,
    String method) {

  /** {@code GET /dashboard/stats p95}. */
  public String key() {
    return name + " " + metric.id();
  }

  /** True for error rate, whose change and limit are absolute percentage points. */
  public boolean absolute() {
    return metric == Metric.ERROR_RATE;
  }
}
