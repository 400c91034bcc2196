package dev.redline.platform.cache;

import java.util.function.Supplier;

/**
 * A region of serialized responses with one TTL. The in-process {@link CaffeineResponseCache} is
 * the single-instance default; a Redis-backed implementation (shared entries, invalidation
 * broadcast) can replace it for several instances without touching the controllers.
 */
public interface ResponseCache {

  /** The cached body for {@code key}, loading it once on a miss (concurrent misses wait). */
  CachedBody get(String key, Supplier<CachedBody> loader);

  /** Drops every entry of this region: called after a write that changes what it holds. */
  void invalidateAll();

  /** False when the region's TTL is 0: every get calls the loader. */
  boolean enabled();
}
