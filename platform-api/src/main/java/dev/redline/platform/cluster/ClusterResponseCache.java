package dev.redline.platform.cluster;

import dev.redline.platform.cache.CachedBody;
import dev.redline.platform.cache.ResponseCache;
import java.util.function.Supplier;

/**
 * A local region whose evictions travel to every instance: {@link #invalidateAll} drops this
 * instance's entries and publishes {@code evict} with the region name; receivers drop theirs. The
 * PUT returns only after Redis took the message, so the next GET on another instance finds the
 * eviction already on its way (applied within a millisecond or so of its arrival).
 *
 * <p>While Redis is down, evictions cannot travel, so every get goes to the loader (PostgreSQL):
 * slower, never stale. When Redis returns, the region is emptied (it may have missed evictions).
 */
final class ClusterResponseCache implements ResponseCache {

  static final String CHANNEL = "evict";

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
    link.publish(CHANNEL, region + "\n" + link.instanceId());
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
