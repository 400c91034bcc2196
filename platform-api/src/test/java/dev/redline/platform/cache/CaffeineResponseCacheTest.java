package dev.redline.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

  private final AtomicLong nanos = new AtomicLong();
  private final RuntimeException outage = new IllegalStateException("database away");

  private CaffeineResponseCache staleIfError(Duration stale) {
    return new CaffeineResponseCache(
        Duration.ofSeconds(30), 10, stale, e -> e == outage, nanos::get);
  }

  private static CachedBody body(int n) {
    return new CachedBody(new byte[] {(byte) n}, null);
  }

  @Test
  void servesTheExpiredEntryWhileTheLoaderFailsWithAnOutage() {
    var cache = staleIfError(Duration.ofMinutes(10));
    cache.get("k", () -> body(1));
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    CachedBody b =
        cache.get(
            "k",
            () -> {
              throw outage;
            });
    assertThat(b.json()).containsExactly(1);
  }

  @Test
  void reloadsAnExpiredEntryOnceTheLoaderWorksAgain() {
    var cache = staleIfError(Duration.ofMinutes(10));
    cache.get("k", () -> body(1));
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    cache.get(
        "k",
        () -> {
          throw outage;
        });
    assertThat(cache.get("k", () -> body(2)).json()).containsExactly(2);
    assertThat(cache.get("k", () -> body(3)).json()).containsExactly(2);
  }

  @Test
  void passesOnOtherLoaderErrorsEvenWithAnExpiredEntry() {
    var cache = staleIfError(Duration.ofMinutes(10));
    cache.get("k", () -> body(1));
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    RuntimeException bug = new IllegalArgumentException("a bug");
    assertThatThrownBy(
            () ->
                cache.get(
                    "k",
                    () -> {
                      throw bug;
                    }))
        .isSameAs(bug);
  }

  @Test
  void keepsNoEntryPastTheStaleWindowOrWithoutOne() {
    var windowed = staleIfError(Duration.ofMinutes(1));
    var none = staleIfError(Duration.ZERO);
    windowed.get("k", () -> body(1));
    none.get("k", () -> body(1));
    nanos.addAndGet(Duration.ofSeconds(91).toNanos());
    for (var cache : new CaffeineResponseCache[] {windowed, none}) {
      assertThatThrownBy(
              () ->
                  cache.get(
                      "k",
                      () -> {
                        throw outage;
                      }))
          .isSameAs(outage);
    }
  }

  @Test
  void answersOtherCallersWithTheExpiredEntryWhileOneReloadsIt() throws Exception {
    var cache = staleIfError(Duration.ofMinutes(10));
    cache.get("k", () -> body(1));
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    CountDownLatch reloading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<CachedBody> reload =
          pool.submit(
              () ->
                  cache.get(
                      "k",
                      () -> {
                        reloading.countDown();
                        await(release);
                        return body(2);
                      }));
      assertThat(reloading.await(10, TimeUnit.SECONDS)).isTrue();
      AtomicInteger loads = new AtomicInteger();
      CachedBody meanwhile = cache.get("k", () -> body(100 + loads.incrementAndGet()));
      assertThat(meanwhile.json()).containsExactly(1);
      assertThat(loads).hasValue(0);
      release.countDown();
      assertThat(reload.get(10, TimeUnit.SECONDS).json()).containsExactly(2);
      assertThat(cache.get("k", () -> body(3)).json()).containsExactly(2);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
