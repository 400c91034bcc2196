package dev.redline.platform.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** In-process region backed by Caffeine; usable without Spring (benchmarks construct it). */
public final class CaffeineResponseCache implements ResponseCache {

  private final StaleIfErrorCache<CachedBody> cache;

  /**
   * @param ttl time to live after write; {@link Duration#ZERO} disables the region
   * @param maxEntries bound on distinct keys (list queries vary), e.g. 10,000
   */
  public CaffeineResponseCache(Duration ttl, long maxEntries) {
    this(ttl, maxEntries, Duration.ZERO, e -> false);
  }

  /**
   * A region that keeps answering with an expired entry, for up to {@code staleIfError} past its
   * TTL, while reloading it fails with an error {@code serveStaleOn} accepts (the database is
   * away).
   */
  public CaffeineResponseCache(
      Duration ttl, long maxEntries, Duration staleIfError, Predicate<Throwable> serveStaleOn) {
    this(ttl, maxEntries, staleIfError, serveStaleOn, Ticker.systemTicker());
  }

  CaffeineResponseCache(
      Duration ttl,
      long maxEntries,
      Duration staleIfError,
      Predicate<Throwable> serveStaleOn,
      Ticker ticker) {
    this.cache =
        ttl.isZero()
            ? null
            : new StaleIfErrorCache<>(ttl, staleIfError, maxEntries, serveStaleOn, ticker);
  }

  /** Publishes hit/miss/size metrics as {@code cache.*{cache=<name>}}. */
  public CaffeineResponseCache bindMetrics(MeterRegistry registry, String name) {
    if (cache != null) {
      CaffeineCacheMetrics.monitor(registry, cache.caffeine(), name);
    }
    return this;
  }

  @Override
  public CachedBody get(String key, Supplier<CachedBody> loader) {
    return cache == null ? loader.get() : cache.get(key, loader);
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
