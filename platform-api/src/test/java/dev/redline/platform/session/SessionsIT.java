package dev.redline.platform.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import dev.redline.platform.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SessionsIT extends ApiIT {

  private static final String LIST = "/api/v1/optimization/sessions";

  @Test
  void seedsTheKnownProportions() {
    assertThat(sql("SELECT count(*) FROM sessions")).isGreaterThanOrEqualTo(SEEDED_SESSIONS);
    // One model per 50 sessions, ids derived from the seed: the same data on every run.
    assertThat(
            sql(
                "SELECT count(*) FROM models m JOIN generate_series(1, 60) g"
                    + " ON m.id = md5('model:7:' || g)::uuid"))
        .isEqualTo(60);
    assertThat(sql("SELECT count(*) FROM sessions WHERE id = md5('session:7:1')::uuid"))
        .isEqualTo(1);
  }

  @Test
  void filtersByStatusWithTotalsFromTheDatabase() {
    JsonNode page = get(LIST + "?status=completed&limit=20", viewerToken).json();
    assertThat(page.get("total").asLong())
        .isEqualTo(sql("SELECT count(*) FROM sessions WHERE status = 'completed'"));
    assertThat(page.get("items")).hasSize(20);
    page.get("items").forEach(i -> assertThat(i.get("status").asString()).isEqualTo("completed"));
    assertThat(page.get("limit").asInt()).isEqualTo(20);
    assertThat(page.get("next_cursor").isNull()).isFalse();
  }

  @Test
  void combinesRepeatedStatusesNewestFirst() {
    JsonNode page = get(LIST + "?status=failed&status=cancelled&limit=200", viewerToken).json();
    assertThat(page.get("total").asLong())
        .isEqualTo(sql("SELECT count(*) FROM sessions WHERE status IN ('failed', 'cancelled')"));
    List<String> ids = ids(page);
    List<String> expected =
        jdbc.sql(
                "SELECT id::text FROM sessions WHERE status IN ('failed', 'cancelled')"
                    + " ORDER BY created_at DESC, id DESC LIMIT 200")
            .query(String.class)
            .list();
    assertThat(ids).isEqualTo(expected);
  }

  @Test
  void walksAModelsSessionsByCursorInTheDatabaseOrder() {
    String model =
        jdbc.sql("SELECT model_id::text FROM sessions GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
            .query(String.class)
            .single();
    List<String> expected =
        jdbc.sql(
                "SELECT id::text FROM sessions WHERE model_id = ?::uuid"
                    + " ORDER BY created_at DESC, id DESC")
            .param(model)
            .query(String.class)
            .list();
    assertThat(expected.size()).isGreaterThan(30);
    List<String> walked = new ArrayList<>();
    String cursor = null;
    do {
      String q =
          LIST + "?model_id=" + model + "&limit=7" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = get(q, viewerToken).json();
      assertThat(page.get("total").asLong()).isEqualTo(expected.size());
      page.get("items")
          .forEach(
              i -> {
                assertThat(i.get("model_id").asString()).isEqualTo(model);
                assertThat(i.get("model_name").asString()).isNotBlank();
                assertThat(i.get("framework").asString()).isNotBlank();
                assertThat(i.get("model_target_device").asString()).isNotBlank();
              });
      walked.addAll(ids(page));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
    } while (cursor != null);
    assertThat(walked).isEqualTo(expected);
  }

  @Test
  void returnsAnEmptyLastPageWithTheTotalStillCounted() {
    String pastTheEnd = new SessionQuery.Cursor(java.time.Instant.EPOCH, new UUID(0, 0)).encode();
    JsonNode page = get(LIST + "?status=completed&cursor=" + pastTheEnd, viewerToken).json();
    assertThat(page.get("items")).isEmpty();
    assertThat(page.get("next_cursor").isNull()).isTrue();
    assertThat(page.get("total").asLong())
        .isEqualTo(sql("SELECT count(*) FROM sessions WHERE status = 'completed'"));
  }

  @Test
  void pagesByOffsetAndCarriesModelFieldsFromTheJoin() {
    JsonNode page = get(LIST + "?limit=5&offset=10", viewerToken).json();
    List<String> expected =
        jdbc.sql(
                "SELECT id::text FROM sessions ORDER BY created_at DESC, id DESC LIMIT 5 OFFSET 10")
            .query(String.class)
            .list();
    assertThat(ids(page)).isEqualTo(expected);
    assertThat(page.get("offset").asInt()).isEqualTo(10);
    JsonNode first = page.get("items").get(0);
    String name =
        jdbc.sql(
                "SELECT m.name FROM sessions s JOIN models m ON m.id = s.model_id WHERE s.id = ?::uuid")
            .param(first.get("id").asString())
            .query(String.class)
            .single();
    assertThat(first.get("model_name").asString()).isEqualTo(name);
  }

  @Test
  void filtersByCreationTimeRange() {
    String after = "2000-01-01T00:00:00Z";
    String before =
        jdbc.sql(
                "SELECT to_char(percentile_disc(0.5) WITHIN GROUP (ORDER BY created_at)"
                    + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM sessions")
            .query(String.class)
            .single();
    JsonNode page =
        get(
                LIST + "?created_after=" + after + "&created_before=" + before + "&limit=200",
                viewerToken)
            .json();
    assertThat(page.get("total").asLong())
        .isEqualTo(sql("SELECT count(*) FROM sessions WHERE created_at < ?::timestamptz", before));
    page.get("items")
        .forEach(i -> assertThat(i.get("created_at").asString().compareTo(before)).isNegative());
  }

  @Test
  void rejectsEveryBadQueryWith400NamingTheParameter() {
    assertProblem(get(LIST + "?status=paused", viewerToken), 400, "status");
    assertProblem(get(LIST + "?limit=0", viewerToken), 400, "limit");
    assertProblem(get(LIST + "?limit=100000", viewerToken), 400, "limit");
    assertProblem(get(LIST + "?limit=ten", viewerToken), 400, "limit");
    assertProblem(get(LIST + "?offset=-1", viewerToken), 400, "offset");
    assertProblem(get(LIST + "?model_id=123", viewerToken), 400, "model_id");
    assertProblem(get(LIST + "?created_after=2025-13-45", viewerToken), 400, "created_after");
    assertProblem(get(LIST + "?created_before=yesterday", viewerToken), 400, "created_before");
    assertProblem(get(LIST + "?cursor=bm9wZQ", viewerToken), 400, "cursor");
    assertProblem(get(LIST + "?cursor=x&offset=5", viewerToken), 400, "cursor");
    assertProblem(get(LIST + "/not-a-uuid", viewerToken), 400, "id");
    assertProblem(get(LIST + "/" + UUID.randomUUID(), viewerToken), 404, null);
  }

  @Test
  void rejectsDatesOutsideTheYears1To9999With400NamingTheParameter() {
    // Years PostgreSQL cannot hold (before 4713 BC, after 294276) were a 500.
    for (String bad :
        List.of(
            "created_after=%2B294277-01-01",
            "created_before=%2B294277-01-01",
            "created_after=%2B999999999-12-31T23:59:59Z",
            "created_before=-4714-01-01",
            "created_after=-999999999-01-01T00:00:00Z",
            "created_after=%2B1000000000-01-01T00:00:00Z",
            "created_after=0000-12-31T23:59:59Z",
            "created_before=%2B10000-01-01")) {
      String param = bad.substring(0, bad.indexOf('='));
      JsonNode p = assertProblem(get(LIST + "?" + bad, viewerToken), 400, param);
      assertThat(p.get("detail").asString()).as(bad).startsWith(param + ": must be");
    }
    assertThat(
            get(LIST + "?created_after=0001-01-01&created_before=9999-12-31", viewerToken).status())
        .isEqualTo(200);
    // A forged cursor far outside the range (micros since the epoch, then the id).
    String forged =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("-9000000000000000000_" + UUID.randomUUID()).getBytes());
    assertProblem(get(LIST + "?cursor=" + forged, viewerToken), 400, "cursor");
  }

  @Test
  void rejectsMalformedPercentEncodingWith400NamingTheParameter() {
    // Tomcat refuses the whole query string; every one of these was a 500.
    assertProblem(RawHttp.get(port, LIST + "?cursor=%ZZ", viewerToken), 400, "cursor");
    assertProblem(RawHttp.get(port, LIST + "?limit=%ZZ", viewerToken), 400, "limit");
    assertProblem(RawHttp.get(port, LIST + "?limit=5&model_id=%G1", viewerToken), 400, "model_id");
    assertProblem(RawHttp.get(port, LIST + "?status=%FF%FE", viewerToken), 400, "status");
    // An overlong UTF-8 form of '.', which a lenient decoder turns into '.'.
    assertProblem(RawHttp.get(port, LIST + "?status=%C0%AE", viewerToken), 400, "status");
    assertProblem(RawHttp.get(port, LIST + "?%ZZ=1", viewerToken), 400, "query");
    assertProblem(RawHttp.get(port, "/api/v1/models?offset=%E2%82", viewerToken), 400, "offset");
    // Valid percent-encoding still decodes: %2C is the comma of a status list.
    assertThat(RawHttp.get(port, LIST + "?status=running%2Cqueued&limit=1", viewerToken).status())
        .isEqualTo(200);
  }

  @Test
  void refusesAChunkedBodyOverTheLimitWith413LikeALengthOne() {
    long count = sql("SELECT count(*) FROM sessions");
    byte[] chunk = "a".repeat(64 * 1024).getBytes();
    // 10 MiB in 160 chunks without a Content-Length, in a field the body has and in one it has
    // not (which Jackson skips: the limit's exception then came out unwrapped, and was a 500).
    for (String start : List.of("{\"model_id\":\"", "{\"note\":\"")) {
      Res res = RawHttp.chunked(port, "POST", LIST, operatorToken, Map.of(), start, chunk, 160);
      assertProblem(res, 413, "body");
      assertThat(res.header("Connection")).isEqualTo("close");
    }
    assertThat(sql("SELECT count(*) FROM sessions")).isEqualTo(count);
  }

  @Test
  void createsASessionVisibleToTheNextListReadThenCancelsIt() {
    String model = jdbc.sql("SELECT id::text FROM models LIMIT 1").query(String.class).single();
    String query = LIST + "?status=queued&limit=1";
    long before = get(query, viewerToken).json().get("total").asLong(); // now cached for 10 s
    Res created =
        send(
            "POST",
            LIST,
            operatorToken,
            "{\"model_id\":\""
                + model
                + "\",\"techniques\":[\"quantization\",\"pruning\"],\"target_device\":\"x86-cpu\","
                + "\"criteria_overrides\":{\"max_accuracy_loss_percent\":1.5}}",
            Map.of());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asString();
    assertThat(created.header("Location")).isEqualTo(LIST + "/" + id);
    assertThat(created.json().get("status").asString()).isEqualTo("queued");
    assertThat(created.json().get("criteria_overrides").get("max_accuracy_loss_percent").asDouble())
        .isEqualTo(1.5);

    JsonNode after = get(query, viewerToken).json();
    assertThat(after.get("total").asLong()).isEqualTo(before + 1);
    assertThat(ids(after)).containsExactly(id);

    Res cancelled = send("POST", LIST + "/" + id + "/cancel", operatorToken, null, Map.of());
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
    assertProblem(
        send("POST", LIST + "/" + id + "/cancel", operatorToken, null, Map.of()), 409, null);
    assertThat(get(query, viewerToken).json().get("total").asLong()).isEqualTo(before);
  }

  @Test
  void rejectsBadSessionBodiesAndWritesNothing() {
    long count = sql("SELECT count(*) FROM sessions");
    String model = jdbc.sql("SELECT id::text FROM models LIMIT 1").query(String.class).single();
    assertProblem(send("POST", LIST, operatorToken, "{\"model_id\":", Map.of()), 400, "body");
    assertProblem(
        send("POST", LIST, operatorToken, "{\"model_id\":\"not-a-uuid\"}", Map.of()),
        400,
        "model_id");
    assertProblem(
        send(
            "POST",
            LIST,
            operatorToken,
            "{\"model_id\":\""
                + UUID.randomUUID()
                + "\",\"techniques\":[\"quantization\"],"
                + "\"target_device\":\"x86-cpu\"}",
            Map.of()),
        422,
        "model_id");
    assertProblem(
        send(
            "POST",
            LIST,
            operatorToken,
            "{\"model_id\":\""
                + model
                + "\",\"techniques\":[\"magic\"],\"target_device\":\"x86-cpu\"}",
            Map.of()),
        422,
        "techniques[0]");
    assertProblem(
        send(
            "POST",
            LIST,
            operatorToken,
            "{\"model_id\":\""
                + model
                + "\",\"techniques\":[\"pruning\"],\"target_device\":\"x86-cpu\","
                + "\"criteria_overrides\":{\"min_size_reduction_percent\":-5}}",
            Map.of()),
        422,
        "criteria_overrides.min_size_reduction_percent");
    assertProblem(
        send("POST", LIST, operatorToken, "x=1", Map.of("Content-Type", "text/plain")), 415, null);
    assertThat(sql("SELECT count(*) FROM sessions")).isEqualTo(count);
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(i -> ids.add(i.get("id").asString()));
    return ids;
  }
}
