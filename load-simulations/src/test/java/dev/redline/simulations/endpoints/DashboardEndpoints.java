package dev.redline.simulations.endpoints;

import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** {@code /dashboard}: the platform's cached read (30 s TTL). */
public final class DashboardEndpoints {

  /** Request name of {@link #stats()}. */
  public static final String STATS = "GET /dashboard/stats";

  /** Request name of the rate-limit scenario's reads while it spends its budget. */
  public static final String STATS_SPENDING = "GET /dashboard/stats spending budget";

  /** Request name of the rate-limit scenario's request that must be refused. */
  public static final String STATS_OVER_LIMIT = "GET /dashboard/stats over limit";

  private DashboardEndpoints() {}

  /** The dashboard figures; 200 with the session counters. */
  public static HttpRequestActionBuilder stats() {
    return Api.get(STATS, "/dashboard/stats")
        .check(status().is(200), jsonPath("$.total_sessions").exists());
  }

  /**
   * The dashboard as a user spending its budget: 200 or 429 both count as a correct answer; the
   * status and the advertised limit are saved as {@code status} and {@code rateLimit}.
   */
  public static HttpRequestActionBuilder statsSpendingBudget() {
    return Api.get(STATS_SPENDING, "/dashboard/stats")
        .check(
            status().in(200, 429).saveAs("status"),
            header("RateLimit-Limit").optional().saveAs("rateLimit"));
  }

  /** The dashboard past the user's limit: must be 429 with Retry-After in seconds. */
  public static HttpRequestActionBuilder statsOverLimit() {
    return Api.get(STATS_OVER_LIMIT, "/dashboard/stats")
        .check(
            status().is(429),
            header("Retry-After").transform(Integer::parseInt).gte(0),
            header("RateLimit-Limit").exists());
  }
}
