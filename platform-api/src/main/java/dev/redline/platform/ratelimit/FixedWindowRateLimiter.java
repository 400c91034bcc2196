package dev.redline.platform.ratelimit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process fixed-window counter: each (user, group) gets {@code limit} requests per window,
 * starting at its first request. One small lock per (user, group), so distinct users never contend;
 * no allocation on the hot path once a user has been seen, apart from the decision.
 */
public final class FixedWindowRateLimiter implements RateLimiter {

  private static final RateLimitGroup[] GROUPS = RateLimitGroup.values();

  private final RateLimits limits;
  private final int[] limitByGroup;
  private final ConcurrentHashMap<Long, Window[]> windows = new ConcurrentHashMap<>();

  public FixedWindowRateLimiter(RateLimits limits) {
    this.limits = limits;
    this.limitByGroup = new int[GROUPS.length];
    for (RateLimitGroup g : GROUPS) {
      limitByGroup[g.ordinal()] = limits.limit(g);
    }
  }

  @Override
  public RateLimitDecision tryAcquire(long userId, RateLimitGroup group, long nowMillis) {
    Window[] perGroup = windows.get(userId);
    if (perGroup == null) {
      perGroup = windows.computeIfAbsent(userId, id -> newWindows());
    }
    Window w = perGroup[group.ordinal()];
    int limit = limitByGroup[group.ordinal()];
    long windowMillis = limits.windowMillis();
    synchronized (w) {
      if (nowMillis - w.start >= windowMillis || w.count == 0) {
        w.start = nowMillis;
        w.count = 0;
      }
      long resetMillis = w.start + windowMillis - nowMillis;
      long resetSeconds = Math.max(1, (resetMillis + 999) / 1000);
      if (w.count >= limit) {
        return new RateLimitDecision(false, limit, 0, resetSeconds);
      }
      w.count++;
      return new RateLimitDecision(true, limit, limit - w.count, resetSeconds);
    }
  }

  private static Window[] newWindows() {
    Window[] a = new Window[GROUPS.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = new Window();
    }
    return a;
  }

  private static final class Window {
    long start;
    int count;
  }
}
