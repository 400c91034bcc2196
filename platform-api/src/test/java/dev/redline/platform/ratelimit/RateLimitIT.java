package dev.redline.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitIT extends ApiIT {

  @Test
  void countsDownAndAnswers429WithRetryAfterWhenTheConfigWriteBudgetIsSpent() {
    // config PUT: 10 per minute per user (API.md); missing If-Match (428) still counts.
    for (int i = 1; i <= 10; i++) {
      Res r = send("PUT", "/api/v1/config/optimization-criteria", adminToken, "{}", Map.of());
      assertThat(r.status()).isEqualTo(428);
      assertThat(r.header("RateLimit-Limit")).isEqualTo("10");
      assertThat(r.header("RateLimit-Remaining")).isEqualTo(Integer.toString(10 - i));
      assertThat(Long.parseLong(r.header("RateLimit-Reset"))).isBetween(1L, 60L);
    }
    Res limited = send("PUT", "/api/v1/config/optimization-criteria", adminToken, "{}", Map.of());
    assertProblem(limited, 429, null);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");

    // Other groups and other users keep their own budgets.
    assertThat(get("/api/v1/config/optimization-criteria", adminToken).status()).isEqualTo(200);
    Res other =
        send(
            "PUT",
            "/api/v1/config/optimization-criteria",
            newToken(dev.redline.platform.auth.Role.ADMIN),
            "{}",
            Map.of());
    assertThat(other.status()).isEqualTo(428);
  }

  @Test
  void limitsTheDashboardAt60PerMinute() {
    for (int i = 0; i < 60; i++) {
      assertThat(get("/api/v1/dashboard/stats", viewerToken).status()).isEqualTo(200);
    }
    Res limited = get("/api/v1/dashboard/stats", viewerToken);
    assertProblem(limited, 429, null);
    assertThat(limited.header("RateLimit-Limit")).isEqualTo("60");
    assertThat(limited.header("Retry-After")).isNotNull();
  }
}
