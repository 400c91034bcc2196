package dev.redline.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CaffeineResponseCacheTest {

  @Test
  void loadsOnceUntilInvalidated() {
    var cache = new CaffeineResponseCache(Duration.ofMinutes(1), 10);
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      cache.get("k", () -> new CachedBody(new byte[] {(byte) loads.incrementAndGet()}, null));
    }
    assertThat(loads).hasValue(1);
    cache.invalidateAll();
    CachedBody b =
        cache.get("k", () -> new CachedBody(new byte[] {(byte) loads.incrementAndGet()}, null));
    assertThat(b.json()).containsExactly(2);
  }

  @Test
  void zeroTtlDisablesTheRegion() {
    var cache = new CaffeineResponseCache(Duration.ZERO, 10);
    AtomicInteger loads = new AtomicInteger();
    cache.get("k", () -> new CachedBody(new byte[0], String.valueOf(loads.incrementAndGet())));
    cache.get("k", () -> new CachedBody(new byte[0], String.valueOf(loads.incrementAndGet())));
    assertThat(loads).hasValue(2);
    assertThat(cache.enabled()).isFalse();
  }
}
