package dev.redline.checker.decide;

import java.util.Locale;

/** The verdict on one measurement. Only {@link #REGRESSION} fails a build. */
public enum Status {
  /** Significantly worse, and the estimated worsening is beyond the threshold. */
  REGRESSION,
  /**
   * The estimated change is beyond the threshold but not significant, and the interval reaches no
   * further than the threshold on the other side: a real change is likely, rerun to know.
   */
  NOISY,
  /**
   * Not significant, and the interval spans the threshold on both sides: the runs cannot tell a
   * worsening beyond the limit from a gain beyond it. Never fails a build.
   */
  INCONCLUSIVE,
  /** Significantly better, and the estimated gain is beyond the threshold. */
  IMPROVEMENT,
  /** Within the threshold, significant or not. */
  UNCHANGED;

  /** Lower-case label, as written to InfluxDB's {@code status} tag. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
