package dev.redline.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import dev.redline.platform.RawHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CriteriaIT extends ApiIT {

  private static final String PATH = "/api/v1/config/optimization-criteria";
  private static final String VALID =
      "{\"max_accuracy_loss_percent\":1.5,\"min_size_reduction_percent\":25,"
          + "\"max_latency_ms\":40,\"allowed_techniques\":[\"quantization\",\"pruning\",\"distillation\"],"
          + "\"target_devices\":[\"jetson-orin\",\"jetson-nano\",\"raspberry-pi-5\",\"coral-tpu\",\"x86-cpu\"]}";

  @Test
  void servesTheDocumentWithItsVersionAsETag() {
    Res r = get(PATH, viewerToken);
    assertThat(r.status()).isEqualTo(200);
    long version = sql("SELECT version FROM optimization_criteria");
    assertThat(r.header("ETag")).isEqualTo("\"" + version + "\"");
    assertThat(r.json().get("version").asLong()).isEqualTo(version);
    assertThat(r.json().get("allowed_techniques").isArray()).isTrue();
    Res notModified =
        send("GET", PATH, viewerToken, null, Map.of("If-None-Match", r.header("ETag")));
    assertThat(notModified.status()).isEqualTo(304);
  }

  @Test
  void replacesWithCurrentETagAndEvictsTheCachedDocument() {
    String etag = get(PATH, viewerToken).header("ETag"); // cached for 5 min from here
    Res put = send("PUT", PATH, adminToken, VALID, Map.of("If-Match", etag));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    long next = Long.parseLong(etag.replace("\"", "")) + 1;
    assertThat(put.header("ETag")).isEqualTo("\"" + next + "\"");
    Res after = get(PATH, viewerToken);
    assertThat(after.header("ETag")).isEqualTo("\"" + next + "\"");
    assertThat(after.json().get("max_latency_ms").asDouble()).isEqualTo(40.0);
    assertThat(sql("SELECT version FROM optimization_criteria")).isEqualTo(next);
  }

  @Test
  void answers428WithoutIfMatchAnd412OnAStaleOne() {
    long version = sql("SELECT version FROM optimization_criteria");
    assertProblem(send("PUT", PATH, adminToken, VALID, Map.of()), 428, "If-Match");
    Res stale =
        send("PUT", PATH, adminToken, VALID, Map.of("If-Match", "\"" + (version - 1) + "\""));
    assertProblem(stale, 412, "If-Match");
    assertThat(stale.header("ETag")).isEqualTo("\"" + version + "\"");
    assertProblem(send("PUT", PATH, adminToken, VALID, Map.of("If-Match", "garbage")), 412, null);
    assertThat(sql("SELECT version FROM optimization_criteria")).isEqualTo(version);
  }

  @Test
  void rejectsInvalidDocumentsNamingTheFieldAndKeepsTheStoredOne() {
    long version = sql("SELECT version FROM optimization_criteria");
    Map<String, String> ifMatch = Map.of("If-Match", "\"" + version + "\"");
    assertProblem(
        send("PUT", PATH, adminToken, VALID.replace("1.5", "-1"), ifMatch),
        422,
        "max_accuracy_loss_percent");
    assertProblem(
        send(
            "PUT",
            PATH,
            adminToken,
            VALID.replace("\"pruning\",\"distillation\"", "\"teleport\""),
            ifMatch),
        422,
        "allowed_techniques[1]");
    assertProblem(
        send(
            "PUT",
            PATH,
            adminToken,
            VALID.replaceAll("\"target_devices\":\\[[^]]*]", "\"target_devices\":[]"),
            ifMatch),
        422,
        "target_devices");
    assertProblem(
        send("PUT", PATH, adminToken, "{\"max_latency_ms\":\"fast\"}", ifMatch),
        400,
        "max_latency_ms");
    assertProblem(send("PUT", PATH, adminToken, "not json", ifMatch), 400, "body");
    assertThat(sql("SELECT version FROM optimization_criteria")).isEqualTo(version);
  }

  @Test
  void refusesNumbersSentAsStringsNamingTheField() {
    String ifMatch = get(PATH, viewerToken).header("ETag");
    long version = sql("SELECT version FROM optimization_criteria");
    // A percentage as "5" was read as 5 (and stored); the README says wrong JSON types are refused.
    for (String field :
        List.of("max_accuracy_loss_percent", "min_size_reduction_percent", "max_latency_ms")) {
      String body = VALID.replaceAll("\"" + field + "\":[0-9.]+", "\"" + field + "\":\"5\"");
      assertThat(body).contains("\"5\"");
      JsonNode p =
          assertProblem(
              send("PUT", PATH, adminToken, body, Map.of("If-Match", ifMatch)), 400, field);
      assertThat(p.get("detail").asString())
          .isEqualTo(field + ": must be a JSON number (no quotes)");
    }
    assertProblem(
        send(
            "PUT",
            PATH,
            adminToken,
            VALID.replace("\"x86-cpu\"", "7"),
            Map.of("If-Match", ifMatch)),
        400,
        "target_devices[4]");
    assertThat(sql("SELECT version FROM optimization_criteria")).isEqualTo(version);
  }

  @Test
  void refusesAChunkedBodyOverTheLimitWith413() {
    String ifMatch = get(PATH, viewerToken).header("ETag");
    long version = sql("SELECT version FROM optimization_criteria");
    byte[] chunk = "a".repeat(64 * 1024).getBytes();
    // 10 MiB without a Content-Length, in a field the document has and in one it has not (which
    // Jackson skips: the limit's exception then came out unwrapped, and was a 500).
    for (String start : List.of("{\"target_devices\":[\"", "{\"model_id\":\"")) {
      Res res =
          RawHttp.chunked(
              port, "PUT", PATH, adminToken, Map.of("If-Match", ifMatch), start, chunk, 160);
      assertProblem(res, 413, "body");
      assertThat(res.header("Connection")).isEqualTo("close");
    }
    assertThat(sql("SELECT version FROM optimization_criteria")).isEqualTo(version);
  }
}
