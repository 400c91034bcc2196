package dev.redline.platform.ratelimit;

/**
 * The outcome of one check.
 *
 * @param allowed whether the request may proceed
 * @param limit requests allowed per window
 * @param remaining requests left in the current window after this one (0..limit)
 * @param resetSeconds whole seconds until the window resets (1..window length)
 */
public record RateLimitDecision(boolean allowed, int limit, int remaining, long resetSeconds) {}
