package dev.redline.platform.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.ratelimit.*}: requests per user per minute for each route group (API.md), and a
 * factor that multiplies them all (the {@code load} profile's 1000).
 *
 * @param dashboardPerMinute {@code GET /dashboard/stats}
 * @param sessionsPerMinute session reads and writes
 * @param modelsPerMinute model reads
 * @param configReadPerMinute optimization criteria reads
 * @param configWritePerMinute optimization criteria writes
 * @param factor multiplies every limit ({@code PLATFORM_RATELIMIT_FACTOR})
 */
@ConfigurationProperties("platform.ratelimit")
public record RateLimitProperties(
    @DefaultValue("60") int dashboardPerMinute,
    @DefaultValue("120") int sessionsPerMinute,
    @DefaultValue("120") int modelsPerMinute,
    @DefaultValue("120") int configReadPerMinute,
    @DefaultValue("10") int configWritePerMinute,
    @DefaultValue("1") double factor) {

  /** The limits per window these settings give. */
  public RateLimits limits() {
    return RateLimits.of(
        dashboardPerMinute,
        sessionsPerMinute,
        modelsPerMinute,
        configReadPerMinute,
        configWritePerMinute,
        factor);
  }
}
