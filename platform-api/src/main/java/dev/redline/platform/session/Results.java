package dev.redline.platform.session;

/**
 * Outcome of a finished optimization.
 *
 * @param sizeReductionPercent 0..100, how much smaller the model became
 * @param speedupFactor inference speed-up, x (1.0 = unchanged)
 * @param accuracyDeltaPercent accuracy change in percentage points (negative = loss)
 */
public record Results(
    double sizeReductionPercent, double speedupFactor, double accuracyDeltaPercent) {}
