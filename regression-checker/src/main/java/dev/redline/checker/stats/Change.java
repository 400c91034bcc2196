package dev.redline.checker.stats;

/**
 * An estimated change from baseline to current with its confidence interval and p-value.
 *
 * @param pct estimated change: percent of the baseline for relative tests ({@code +22.8}),
 *     percentage points for {@link SignificanceTests#proportions}
 * @param ciLowPct lower end of the two-sided confidence interval, same unit
 * @param ciHighPct upper end
 * @param pValue two-sided p-value of "no change", in [0, 1]
 * @param method short name of the test, for reports
 */
public record Change(double pct, double ciLowPct, double ciHighPct, double pValue, String method) {

  /** Builds a relative change from a log-ratio estimate and its standard error. */
  static Change fromLogRatio(
      double logRatio, double se, double critical, double pValue, String method) {
    return new Change(
        pct(logRatio),
        pct(logRatio - critical * se),
        pct(logRatio + critical * se),
        pValue,
        method);
  }

  private static double pct(double logRatio) {
    return Math.expm1(logRatio) * 100.0;
  }
}
