package dev.redline.platform.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The dashboard's figures. Averages are over completed sessions; percentages are 0..100, the
 * speed-up a factor (x), the accuracy delta in percentage points (negative = loss).
 */
public record DashboardStats(
    long totalSessions,
    long queuedSessions,
    long runningSessions,
    long completedSessions,
    long failedSessions,
    long cancelledSessions,
    long totalModels,
    @JsonProperty("sessions_last_24h") long sessionsLast24h,
    double averageSizeReductionPercent,
    double averageSpeedupFactor,
    double averageAccuracyDeltaPercent,
    Instant generatedAt) {}
