package dev.redline.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixedWindowRateLimiterTest {

  private final RateLimiter limiter = new FixedWindowRateLimiter(RateLimits.defaults());

  @Test
  void allowsTheLimitThenRefusesUntilTheWindowResets() {
    long t0 = 1_000_000;
    for (int i = 1; i <= 10; i++) {
      RateLimitDecision d = limiter.tryAcquire(1, RateLimitGroup.CONFIG_WRITE, t0 + i);
      assertThat(d.allowed()).isTrue();
      assertThat(d.limit()).isEqualTo(10);
      assertThat(d.remaining()).isEqualTo(10 - i);
    }
    RateLimitDecision refused = limiter.tryAcquire(1, RateLimitGroup.CONFIG_WRITE, t0 + 20_000);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.resetSeconds()).isEqualTo(41); // 40.001 s left, rounded up
    assertThat(limiter.tryAcquire(1, RateLimitGroup.CONFIG_WRITE, t0 + 60_001).allowed()).isTrue();
  }

  @Test
  void keepsUsersAndGroupsApart() {
    for (int i = 0; i < 10; i++) {
      limiter.tryAcquire(7, RateLimitGroup.CONFIG_WRITE, 5);
    }
    assertThat(limiter.tryAcquire(7, RateLimitGroup.CONFIG_WRITE, 6).allowed()).isFalse();
    assertThat(limiter.tryAcquire(8, RateLimitGroup.CONFIG_WRITE, 6).allowed()).isTrue();
    assertThat(limiter.tryAcquire(7, RateLimitGroup.CONFIG_READ, 6).allowed()).isTrue();
  }

  @Test
  void scalesEveryLimitByTheFactor() {
    RateLimits raised = RateLimits.of(60, 120, 120, 120, 10, 1000);
    assertThat(raised.limit(RateLimitGroup.DASHBOARD)).isEqualTo(60_000);
    assertThat(raised.limit(RateLimitGroup.CONFIG_WRITE)).isEqualTo(10_000);
  }
}
