package dev.redline.platform.cluster;

import dev.redline.platform.ratelimit.RateLimitDecision;
import dev.redline.platform.ratelimit.RateLimitGroup;
import dev.redline.platform.ratelimit.RateLimiter;
import dev.redline.platform.ratelimit.RateLimits;
import io.lettuce.core.ScriptOutputType;
import java.util.List;

/**
 * Per-user limits counted in Redis, so N instances share one budget. Fixed window as the in-process
 * limiter: the window starts at the user's first request in the group. One Lua call per request
 * (INCR, PEXPIRE on the first, PTTL), atomic on the Redis side, about one round trip. Redis down:
 * the in-process limiter decides (each instance then counts its own share).
 */
final class RedisRateLimiter implements RateLimiter {

  private static final String SCRIPT =
      "local c = redis.call('INCR', KEYS[1]) "
          + "if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
          + "local t = redis.call('PTTL', KEYS[1]) "
          + "if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) t = tonumber(ARGV[1]) end "
          + "return {c, t}";

  private final RedisLink link;
  private final RateLimits limits;
  private final RateLimiter fallback;
  private final String window;
  private volatile String sha;

  RedisRateLimiter(RedisLink link, RateLimits limits, RateLimiter fallback) {
    this.link = link;
    this.limits = limits;
    this.fallback = fallback;
    this.window = Long.toString(limits.windowMillis());
  }

  @Override
  public RateLimitDecision tryAcquire(long userId, RateLimitGroup group, long nowMillis) {
    if (!link.isUp()) {
      return fallback.tryAcquire(userId, group, nowMillis);
    }
    int limit = limits.limit(group);
    String key = link.prefix() + "rl:" + group.ordinal() + ":" + userId;
    List<Long> r;
    try {
      r = eval(key);
    } catch (RuntimeException e) {
      link.markDown(e);
      return fallback.tryAcquire(userId, group, nowMillis);
    }
    long count = r.get(0);
    long resetSeconds = Math.max(1, (r.get(1) + 999) / 1000);
    if (count > limit) {
      return new RateLimitDecision(false, limit, 0, resetSeconds);
    }
    return new RateLimitDecision(true, limit, (int) (limit - count), resetSeconds);
  }

  private List<Long> eval(String key) {
    var redis = link.sync();
    String s = sha;
    if (s == null) {
      s = sha = redis.scriptLoad(SCRIPT);
    }
    try {
      return redis.evalsha(s, ScriptOutputType.MULTI, new String[] {key}, window);
    } catch (io.lettuce.core.RedisNoScriptException e) {
      sha = redis.scriptLoad(SCRIPT);
      return redis.evalsha(sha, ScriptOutputType.MULTI, new String[] {key}, window);
    }
  }
}
