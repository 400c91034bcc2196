package dev.redline.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ModelsIT extends ApiIT {

  private static final String PATH = "/api/v1/models";

  @Test
  void registersAModelAndReadsItBack() {
    Res created =
        send(
            "POST",
            PATH,
            operatorToken,
            "{\"name\":\"grasp-net\",\"framework\":\"pytorch\",\"size_mb\":212.5,"
                + "\"parameter_count\":53000000,\"target_device\":\"jetson-orin\"}",
            Map.of());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asString();
    Res read = get(PATH + "/" + id, viewerToken);
    assertThat(read.json().get("name").asString()).isEqualTo("grasp-net");
    assertThat(read.json().get("size_mb").asDouble()).isEqualTo(212.5);
    assertThat(read.json().get("parameter_count").asLong()).isEqualTo(53_000_000L);
    assertThat(get(PATH + "?limit=3", viewerToken).json().get("total").asLong())
        .isEqualTo(sql("SELECT count(*) FROM models"));
  }

  @Test
  void rejectsBadModelsAndOversizedBodiesWithoutWriting() {
    long count = sql("SELECT count(*) FROM models");
    assertProblem(
        send(
            "POST",
            PATH,
            operatorToken,
            "{\"name\":\"x\",\"framework\":\"caffe9\",\"size_mb\":-1,\"parameter_count\":0,"
                + "\"target_device\":\"x86-cpu\"}",
            Map.of()),
        422,
        "size_mb");
    assertProblem(
        send("POST", PATH, operatorToken, "{\"name\":\"x\"}", Map.of()), 422, "framework");
    String oneMiB = "{\"name\":\"" + "a".repeat(1024 * 1024) + "\"}";
    assertProblem(send("POST", PATH, operatorToken, oneMiB, Map.of()), 413, "body");
    assertProblem(get(PATH + "/1234", viewerToken), 400, "id");
    assertProblem(get(PATH + "?limit=201", viewerToken), 400, "limit");
    assertThat(sql("SELECT count(*) FROM models")).isEqualTo(count);
  }

  private static String model(String name, String sizeMb, String parameterCount) {
    return "{\"name\":"
        + name
        + ",\"framework\":\"onnx\",\"size_mb\":"
        + sizeMb
        + ",\"parameter_count\":"
        + parameterCount
        + ",\"target_device\":\"x86-cpu\"}";
  }

  @Test
  void refusesTextPostgresCannotStoreWith422NamingTheField() {
    long count = sql("SELECT count(*) FROM models");
    // PostgreSQL refuses NUL in text: this was a 500.
    JsonNode p =
        assertProblem(
            send("POST", PATH, operatorToken, model("\"a\\u0000b\"", "1", "1"), Map.of()),
            422,
            "name");
    assertThat(p.get("detail").asString()).contains("NUL");
    // An unpaired surrogate has no UTF-8 form: it was stored as '?'.
    assertProblem(
        send("POST", PATH, operatorToken, model("\"a\\ud800b\"", "1", "1"), Map.of()), 422, "name");
    assertThat(sql("SELECT count(*) FROM models")).isEqualTo(count);
    // A surrogate pair is fine.
    Res ok =
        send("POST", PATH, operatorToken, model("\"robot \\ud83e\\udd16\"", "1", "1"), Map.of());
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(ok.json().get("name").asString()).isEqualTo("robot \ud83e\udd16");
  }

  @Test
  void refusesValuesOfTheWrongJsonTypeWith400NamingTheField() {
    long count = sql("SELECT count(*) FROM models");
    // Each was accepted before: "1" read as 1, 1.5 stored as 1, 12 stored as "12".
    assertProblem(
        send("POST", PATH, operatorToken, model("\"m\"", "\"1\"", "1"), Map.of()), 400, "size_mb");
    JsonNode p =
        assertProblem(
            send("POST", PATH, operatorToken, model("\"m\"", "1", "1.5"), Map.of()),
            400,
            "parameter_count");
    assertThat(p.get("detail").asString())
        .isEqualTo("parameter_count: must be a whole JSON number (no quotes, no fraction)");
    assertProblem(
        send("POST", PATH, operatorToken, model("\"m\"", "1", "\"7\""), Map.of()),
        400,
        "parameter_count");
    assertProblem(send("POST", PATH, operatorToken, model("12", "1", "7"), Map.of()), 400, "name");
    assertThat(sql("SELECT count(*) FROM models")).isEqualTo(count);
    // An integer for a decimal field is the same number.
    Res ok = send("POST", PATH, operatorToken, model("\"m\"", "2", "7"), Map.of());
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(ok.json().get("size_mb").asDouble()).isEqualTo(2.0);
  }
}
