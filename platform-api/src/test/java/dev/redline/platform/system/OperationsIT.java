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
    assertThat(sql("SELECT sum(session_count) FROM session_stats_live"))
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
  void exposesRouteHistogramsAndCostsPerRouteToPrometheus() {
    get("/api/v1/dashboard/stats", viewerToken);
    // An uncached read: a page deep enough that no cache holds it, so SQL runs on this request.
    String list = "/api/v1/optimization/sessions?limit=7&offset=" + (100 + System.nanoTime() % 900);
    assertThat(get(list, viewerToken).status()).isEqualTo(200);
    String metrics = get("/actuator/prometheus", adminToken).body();
    assertThat(metrics)
        .contains("uri=\"/api/v1/dashboard/stats\"")
        .contains("cache_gets_total")
        .contains("hikaricp_connections_max");
    // Mergeable buckets with sub-millisecond resolution, not per-instance quantiles.
    assertThat(metrics).doesNotContain("quantile=\"0.99\"");
    assertThat(metrics)
        .containsPattern("http_server_requests_seconds_bucket\\{[^}]*le=\"[0-9.]+E-[45]\"");
    String route = "method=\"GET\",uri=\"/api/v1/optimization/sessions\"";
    assertThat(counter(metrics, "redline_requests_total", route)).isGreaterThanOrEqualTo(1);
    assertThat(counter(metrics, "redline_request_cpu_seconds_total", route)).isGreaterThan(0);
    assertThat(counter(metrics, "redline_request_allocation_bytes_total", route))
        .isGreaterThan(1000);
    // Counted by the starter's DataSource proxy on the real PostgreSQL.
    assertThat(counter(metrics, "redline_request_sql_statements_total", route))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void countsARequestWhoseBodyWasReadAheadOnceUnderItsRoute() {
    String route = "method=\"POST\",uri=\"/api/v1/models\"";
    String before = get("/actuator/prometheus", adminToken).body();
    double n0 = before.contains(route) ? counter(before, "redline_requests_total", route) : 0;
    // A body is read without a request thread, then handled in an async dispatch.
    assertThat(send("POST", "/api/v1/models", operatorToken, "{}", java.util.Map.of()).status())
        .isEqualTo(422);
    String after = get("/actuator/prometheus", adminToken).body();
    assertThat(counter(after, "redline_requests_total", route)).isEqualTo(n0 + 1);
  }

  /** The value of the series {@code name} whose labels contain {@code labels}. */
  private static double counter(String metrics, String name, String labels) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + "{") && line.contains(labels)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no " + name + " with " + labels);
  }
}
