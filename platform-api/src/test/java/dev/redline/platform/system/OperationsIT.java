package dev.redline.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OperationsIT extends ApiIT {

  @Test
  void reportsReadyOnceTheSeedIsLoaded() {
    Res r = get("/actuator/health/readiness", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asString()).isEqualTo("UP");
    assertThat(sql("SELECT count(*) FROM sessions")).isGreaterThanOrEqualTo(SEEDED_SESSIONS);
  }

  @Test
  void dashboardMatchesTheDatabase() {
    JsonNode s = get("/api/v1/dashboard/stats", viewerToken).json();
    // Compare with a fresh count only when nothing changed in between; the cache holds 30 s.
    assertThat(s.get("total_sessions").asLong()).isPositive();
    assertThat(
            s.get("queued_sessions").asLong()
                + s.get("running_sessions").asLong()
                + s.get("completed_sessions").asLong()
                + s.get("failed_sessions").asLong()
                + s.get("cancelled_sessions").asLong())
        .isEqualTo(s.get("total_sessions").asLong());
    assertThat(s.has("sessions_last_24h")).isTrue();
    assertThat(s.get("average_size_reduction_percent").asDouble()).isBetween(20.0, 80.0);
    assertThat(s.get("generated_at").asString()).endsWith("Z");
    assertThat(sql("SELECT sum(session_count) FROM session_stats"))
        .isEqualTo(sql("SELECT count(*) FROM sessions"));
  }

  @Test
  void compressesLargeResponsesOnlyWhenAsked() {
    String path = "/api/v1/optimization/sessions?limit=200";
    Res gz = send("GET", path, viewerToken, null, Map.of("Accept-Encoding", "gzip"));
    assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
    Res plain = get(path, viewerToken);
    assertThat(plain.header("Content-Encoding")).isNull();
    assertThat(plain.body().length()).isGreaterThan(1024);
  }

  @Test
  void answersProblemDocumentsForUnknownPathsMethodsAndMediaTypes() {
    // Paths no rule names are denied by default: only an admin learns that they do not exist.
    assertProblem(get("/api/v1/nope", viewerToken), 403, null);
    assertProblem(get("/api/v1/nope", adminToken), 404, null);
    assertProblem(get("/nope", null), 401, null);
    assertProblem(get("/nope", adminToken), 404, null);
    Res method = send("DELETE", "/api/v1/dashboard/stats", viewerToken, null, Map.of());
    assertProblem(method, 405, null);
    assertThat(method.header("Allow")).contains("GET");
    assertProblem(
        send(
            "POST",
            "/api/v1/models",
            adminToken,
            "<x/>",
            Map.of("Content-Type", "application/xml")),
        415,
        null);
  }

  @Test
  void exposesRoutePercentilesToPrometheus() {
    get("/api/v1/dashboard/stats", viewerToken);
    String metrics = get("/actuator/prometheus", adminToken).body();
    assertThat(metrics)
        .contains("uri=\"/api/v1/dashboard/stats\"")
        .contains("quantile=\"0.99\"")
        .contains("cache_gets_total")
        .contains("hikaricp_connections_max");
  }
}
