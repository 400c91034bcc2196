package dev.redline.platform.cluster;

import dev.redline.platform.cache.CachedBody;
import dev.redline.platform.cache.ResponseCache;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A local region whose evictions travel to every instance: {@link #invalidateAll} drops this
 * instance's entries and publishes {@code evict} with the region name; receivers drop theirs and
 * acknowledge. The write returns only once every instance has acknowledged (at most {@link
 * #ACK_WAIT}), so the next GET on any instance cannot be served the old entry.
 *
 * <p>While Redis is down, evictions cannot travel, so every get goes to the loader (PostgreSQL):
 * slower, never stale. When Redis returns, the region is emptied (it may have missed evictions).
 */
final class ClusterResponseCache implements ResponseCache {

  static final String CHANNEL = "evict";

  /** The longest a write waits for other instances' acknowledgements (then it logs and returns). */
  static final Duration ACK_WAIT = Duration.ofMillis(500);

  private final String region;
  private final ResponseCache local;
  private final RedisLink link;

  ClusterResponseCache(String region, ResponseCache local, RedisLink link) {
    this.region = region;
    this.local = local;
    this.link = link;
  }

  @Override
  public CachedBody get(String key, Supplier<CachedBody> loader) {
    return link.isUp() ? local.get(key, loader) : loader.get();
  }

  @Override
  public void invalidateAll() {
    local.invalidateAll();
    link.publishAcknowledged(CHANNEL, region + "\n" + link.instanceId(), ACK_WAIT);
  }

  @Override
  public boolean enabled() {
    return local.enabled();
  }

  String region() {
    return region;
  }

  /** An eviction from another instance (or a reconnect): drop the local entries only. */
  void evictLocal() {
    local.invalidateAll();
  }
}
