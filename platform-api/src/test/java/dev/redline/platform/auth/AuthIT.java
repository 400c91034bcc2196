package dev.redline.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthIT extends ApiIT {

  @Test
  void rejectsMissingAndUnknownTokensWith401() {
    Res none = get("/api/v1/dashboard/stats", null);
    assertProblem(none, 401, null);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertProblem(get("/api/v1/dashboard/stats", "no-such-token"), 401, null);
    Res basic =
        send("GET", "/api/v1/dashboard/stats", null, null, Map.of("Authorization", "Basic eDp5"));
    assertProblem(basic, 401, null);
  }

  @Test
  void rejectsWrongRoleWith403() {
    assertProblem(
        send("POST", "/api/v1/optimization/sessions", viewerToken, "{}", Map.of()), 403, null);
    assertProblem(send("POST", "/api/v1/models", viewerToken, "{}", Map.of()), 403, null);
    assertProblem(
        send(
            "PUT",
            "/api/v1/config/optimization-criteria",
            operatorToken,
            "{}",
            Map.of("If-Match", "\"1\"")),
        403,
        null);
  }

  @Test
  void letsEachRoleReadAndHigherRolesWrite() {
    assertThat(get("/api/v1/dashboard/stats", viewerToken).status()).isEqualTo(200);
    assertThat(get("/api/v1/config/optimization-criteria", viewerToken).status()).isEqualTo(200);
    // An operator passes the role check and reaches validation.
    assertProblem(
        send("POST", "/api/v1/optimization/sessions", operatorToken, "{}", Map.of()),
        422,
        "model_id");
    // An admin passes the config role check and reaches the If-Match check.
    assertProblem(
        send("PUT", "/api/v1/config/optimization-criteria", adminToken, "{}", Map.of()), 428, null);
  }

  @Test
  void acceptsTheDevelopmentTokens() {
    assertThat(get("/api/v1/models?limit=1", "dev-viewer-token").status()).isEqualTo(200);
    assertThat(get("/api/v1/models?limit=1", "dev-operator-token").status()).isEqualTo(200);
    assertThat(get("/api/v1/models?limit=1", "dev-admin-token").status()).isEqualTo(200);
  }

  @Test
  void storesOnlyTokenHashes() {
    long plain = sql("SELECT count(*) FROM api_tokens WHERE token_hash = ?", "dev-admin-token");
    long hashed =
        sql(
            "SELECT count(*) FROM api_tokens WHERE token_hash = ?",
            TokenHasher.hash("dev-admin-token"));
    assertThat(plain).isZero();
    assertThat(hashed).isEqualTo(1);
  }
}
