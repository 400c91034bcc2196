package dev.redline.platform.ratelimit;

import java.util.EnumMap;
import java.util.Map;

/**
 * Requests per window for each group, after the throughput factor is applied.
 *
 * @param perWindow limit per group (requests, 1..Integer.MAX_VALUE)
 * @param windowMillis window length in milliseconds (60,000 for "per minute")
 */
public record RateLimits(Map<RateLimitGroup, Integer> perWindow, long windowMillis) {

  /** API.md's defaults: dashboard 60/min, sessions 120/min, config GET 120/min, PUT 10/min. */
  public static RateLimits defaults() {
    return of(60, 120, 120, 120, 10, 1.0);
  }

  /** Limits per minute, each multiplied by {@code factor} (load runs raise them, e.g. 1000). */
  public static RateLimits of(
      int dashboard, int sessions, int models, int configRead, int configWrite, double factor) {
    Map<RateLimitGroup, Integer> m = new EnumMap<>(RateLimitGroup.class);
    m.put(RateLimitGroup.DASHBOARD, scale(dashboard, factor));
    m.put(RateLimitGroup.SESSIONS, scale(sessions, factor));
    m.put(RateLimitGroup.MODELS, scale(models, factor));
    m.put(RateLimitGroup.CONFIG_READ, scale(configRead, factor));
    m.put(RateLimitGroup.CONFIG_WRITE, scale(configWrite, factor));
    return new RateLimits(m, 60_000);
  }

  public int limit(RateLimitGroup group) {
    return perWindow.get(group);
  }

  private static int scale(int perMinute, double factor) {
    if (perMinute < 1 || factor <= 0) {
      throw new IllegalArgumentException(
          "rate limits must be >= 1 per minute and the factor > 0, got "
              + perMinute
              + " x "
              + factor);
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.round(perMinute * factor));
  }
}
