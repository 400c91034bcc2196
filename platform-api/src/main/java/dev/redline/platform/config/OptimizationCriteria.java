package dev.redline.platform.config;

import java.time.Instant;
import java.util.List;

/** The stored criteria document; {@code version} is the ETag. */
public record OptimizationCriteria(
    double maxAccuracyLossPercent,
    double minSizeReductionPercent,
    double maxLatencyMs,
    List<String> allowedTechniques,
    List<String> targetDevices,
    long version,
    Instant updatedAt) {}
