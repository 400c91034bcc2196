package dev.redline.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The contract the Gatling suite relies on: load-token-1..N as admins, limits raised, limiter on.
 */
@ActiveProfiles("load")
@TestPropertySource(properties = "platform.load.users=25")
class LoadProfileIT extends ApiIT {

  @Test
  void provisionsNumberedAdminTokensAndRaisesButKeepsTheLimits() {
    Res first = get("/api/v1/dashboard/stats", "load-token-1");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("RateLimit-Limit")).isEqualTo("60000");
    assertThat(first.header("RateLimit-Remaining")).isNotNull();
    Res last = get("/api/v1/config/optimization-criteria", "load-token-25");
    assertThat(last.status()).isEqualTo(200);
    assertThat(last.header("RateLimit-Limit")).isEqualTo("120000");
    assertProblem(get("/api/v1/dashboard/stats", "load-token-26"), 401, null);
    // Admin role: the config write path is reachable (and reaches the If-Match check).
    assertProblem(
        send(
            "PUT",
            "/api/v1/config/optimization-criteria",
            "load-token-2",
            "{}",
            java.util.Map.of()),
        428,
        null);
  }
}
