package dev.redline.platform.ratelimit;

/**
 * Per-user, per-group request budget. The in-process {@link FixedWindowRateLimiter} is exact for
 * one instance; a Redis-backed implementation can replace it for several instances.
 */
public interface RateLimiter {

  /**
   * Counts one request of {@code userId} against {@code group} and says whether it may proceed.
   *
   * @param nowMillis wall-clock or monotonic milliseconds; only differences matter
   */
  RateLimitDecision tryAcquire(long userId, RateLimitGroup group, long nowMillis);
}
