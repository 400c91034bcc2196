package dev.redline.platform.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Caffeine cache whose entries are fresh for {@code ttl} and, when the loader fails with an error
 * {@code serveStaleOn} accepts (the database is away), are served stale for up to {@code staleFor}
 * more (RFC 5861's stale-if-error). While one caller reloads an expired entry, concurrent callers
 * get the expired value rather than queueing behind the reload, so a reload that hangs until the
 * pool's timeout holds up one request, not all of them.
 *
 * <p>Caffeine's own {@code refreshAfterWrite} would serve stale values after every TTL, also when
 * the database is fine, and needs one loader per cache; here the loader is the caller's and a
 * healthy reload is awaited as before.
 *
 * @param <V> the cached value
 */
public final class StaleIfErrorCache<V> {

  private record Entry<V>(V value, long loadedAt) {}

  private final Cache<String, Entry<V>> cache;
  private final Ticker ticker;
  private final long ttlNanos;
  private final boolean staleAllowed;
  private final Predicate<Throwable> serveStaleOn;
  private final Set<String> reloading = ConcurrentHashMap.newKeySet();

  /**
   * @param ttl how long an entry is fresh (positive)
   * @param staleFor how much longer it may be served while the loader fails; zero: never
   * @param serveStaleOn which loader errors allow a stale answer
   */
  public StaleIfErrorCache(
      Duration ttl,
      Duration staleFor,
      long maxEntries,
      Predicate<Throwable> serveStaleOn,
      Ticker ticker) {
    this.ticker = ticker;
    this.ttlNanos = ttl.toNanos();
    this.staleAllowed = !staleFor.isZero() && !staleFor.isNegative();
    this.serveStaleOn = serveStaleOn;
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(staleAllowed ? ttl.plus(staleFor) : ttl)
            .maximumSize(maxEntries)
            .ticker(ticker)
            .recordStats()
            .build();
  }

  /** The underlying Caffeine cache (for metrics). */
  public Cache<String, ?> caffeine() {
    return cache;
  }

  /**
   * The fresh value for {@code key}, loading it on a miss (concurrent misses wait for one load); an
   * expired one reloaded, or kept when the reload fails with an error {@code serveStaleOn} accepts.
   */
  public V get(String key, Supplier<V> loader) {
    Entry<V> hit = cache.getIfPresent(key);
    if (hit == null) {
      return cache.get(key, k -> new Entry<>(loader.get(), ticker.read())).value();
    }
    if (fresh(hit)) {
      return hit.value();
    }
    if (!staleAllowed) {
      return reload(key, loader);
    }
    if (!reloading.add(key)) {
      return hit.value(); // another caller is reloading it right now
    }
    try {
      return reload(key, loader);
    } catch (RuntimeException e) {
      if (serveStaleOn.test(e)) {
        return hit.value();
      }
      throw e;
    } finally {
      reloading.remove(key);
    }
  }

  /** Replaces an expired entry, unless another caller already put a fresh one there. */
  private V reload(String key, Supplier<V> loader) {
    return cache
        .asMap()
        .compute(
            key,
            (k, now) -> now != null && fresh(now) ? now : new Entry<>(loader.get(), ticker.read()))
        .value();
  }

  public void invalidateAll() {
    cache.invalidateAll();
  }

  private boolean fresh(Entry<V> e) {
    return ticker.read() - e.loadedAt() < ttlNanos;
  }
}
