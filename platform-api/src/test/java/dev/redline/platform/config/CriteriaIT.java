package dev.redline.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
