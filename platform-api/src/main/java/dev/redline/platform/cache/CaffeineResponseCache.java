package dev.redline.platform.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.function.Supplier;

/** In-process region backed by Caffeine; usable without Spring (benchmarks construct it). */
public final class CaffeineResponseCache implements ResponseCache {

  private final Cache<String, CachedBody> cache;

  /**
   * @param ttl time to live after write; {@link Duration#ZERO} disables the region
   * @param maxEntries bound on distinct keys (list queries vary), e.g. 10,000
   */
  public CaffeineResponseCache(Duration ttl, long maxEntries) {
    this.cache =
        ttl.isZero()
            ? null
            : Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .recordStats()
                .build();
  }

  /** Publishes hit/miss/size metrics as {@code cache.*{cache=<name>}}. */
  public CaffeineResponseCache bindMetrics(MeterRegistry registry, String name) {
    if (cache != null) {
      CaffeineCacheMetrics.monitor(registry, cache, name);
    }
    return this;
  }

  @Override
  public CachedBody get(String key, Supplier<CachedBody> loader) {
    if (cache == null) {
      return loader.get();
    }
    CachedBody hit = cache.getIfPresent(key);
    return hit != null ? hit : cache.get(key, k -> loader.get());
  }

  @Override
  public void invalidateAll() {
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  @Override
  public boolean enabled() {
    return cache != null;
  }
}
