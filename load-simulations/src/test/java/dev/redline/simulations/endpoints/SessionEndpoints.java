package dev.redline.simulations.endpoints;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * {@code /optimization/sessions}: the list query (10 s TTL) in its filter shapes, one session, and
 * creating one. Each filter shape has its own stable name; the values are in the query string.
 */
public final class SessionEndpoints {

  public static final String LIST_BY_STATUS = "GET /optimization/sessions?status";
  public static final String LIST_BY_MODEL = "GET /optimization/sessions?model_id";
  public static final String LIST_BY_DATE_RANGE = "GET /optimization/sessions?created_range";
  public static final String LIST_FILTERED = "GET /optimization/sessions?status&created_range";
  public static final String LIST_NEXT_PAGE = "GET /optimization/sessions?offset";
  public static final String LIST_DEEP_PAGE = "GET /optimization/sessions?offset&limit=200";
  public static final String GET = "GET /optimization/sessions/{id}";
  public static final String CREATE = "POST /optimization/sessions";

  /** Session attribute: ids of the sessions the last list returned (possibly none). */
  public static final String SESSION_IDS = "sessionIds";

  private SessionEndpoints() {}

  /** Filtered by the status(es) in session attribute {@code statusQuery}, e.g. status=running. */
  public static HttpRequestActionBuilder listByStatus() {
    return list(LIST_BY_STATUS, "/optimization/sessions?#{statusQuery}&limit=20");
  }

  /** Filtered by session attribute {@code modelId}. */
  public static HttpRequestActionBuilder listByModel() {
    return list(LIST_BY_MODEL, "/optimization/sessions?model_id=#{modelId}&limit=20");
  }

  /** Created in {@code [createdAfter, createdBefore)}, ISO-8601 UTC session attributes. */
  public static HttpRequestActionBuilder listByDateRange() {
    return list(
        LIST_BY_DATE_RANGE,
        "/optimization/sessions?created_after=#{createdAfter}&created_before=#{createdBefore}"
            + "&limit=50");
  }

  /**
   * Statuses ({@code statusQuery}) and a creation range ({@code createdAfter}, {@code
   * createdBefore}) together: the filter combination whose total the counters answer per day and
   * hour.
   */
  public static HttpRequestActionBuilder listFiltered() {
    return list(
        LIST_FILTERED,
        "/optimization/sessions?#{statusQuery}&created_after=#{createdAfter}"
            + "&created_before=#{createdBefore}&limit=50");
  }

  /** The page at session attribute {@code offset}, 50 per page. */
  public static HttpRequestActionBuilder listPage() {
    return list(LIST_NEXT_PAGE, "/optimization/sessions?limit=50&offset=#{offset}");
  }

  /**
   * A full page (200) at session attribute {@code offset}: the database skips {@code offset} rows,
   * and 200 items with their models are serialized, so the service's own work dominates the time.
   */
  public static HttpRequestActionBuilder deepPage() {
    return list(LIST_DEEP_PAGE, "/optimization/sessions?limit=200&offset=#{offset}");
  }

  private static HttpRequestActionBuilder list(String name, String pathAndQuery) {
    return Api.get(name, pathAndQuery)
        .check(
            status().is(200),
            jsonPath("$.total").ofLong().gte(0L),
            jsonPath("$.items[*].id").findAll().optional().saveAs(SESSION_IDS));
  }

  /** One session, by session attribute {@code sessionId}. */
  public static HttpRequestActionBuilder get() {
    return Api.get(GET, "/optimization/sessions/#{sessionId}")
        .check(status().is(200), jsonPath("$.status").exists());
  }

  /** Starts a quantization session for {@code modelId} on {@code targetDevice}. */
  public static HttpRequestActionBuilder create() {
    return Api.post(CREATE, "/optimization/sessions")
        .body(
            StringBody(
                "{\"model_id\":\"#{modelId}\",\"techniques\":[\"quantization\"],"
                    + "\"target_device\":\"#{targetDevice}\"}"))
        .check(status().is(201), header("Location").exists(), jsonPath("$.id").saveAs("sessionId"));
  }
}
