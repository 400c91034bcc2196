package dev.redline.simulations.endpoints;

import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.redline.simulations.support.Timeline;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * What every platform-api request shares: the {@code /api/v1} prefix, the virtual user's bearer
 * token, and the response time saved first for {@link Timeline}.
 */
final class Api {

  static final String PREFIX = "/api/v1";

  private Api() {}

  /** A GET named {@code name} (a stable label: it becomes an InfluxDB tag, so never an id). */
  static HttpRequestActionBuilder get(String name, String path) {
    return authorized(http(name).get(PREFIX + path));
  }

  /** A POST named {@code name}. */
  static HttpRequestActionBuilder post(String name, String path) {
    return authorized(http(name).post(PREFIX + path));
  }

  /** A PUT named {@code name}. */
  static HttpRequestActionBuilder put(String name, String path) {
    return authorized(http(name).put(PREFIX + path));
  }

  private static HttpRequestActionBuilder authorized(HttpRequestActionBuilder request) {
    return request
        .header("Authorization", "Bearer #{" + Tokens.TOKEN + "}")
        .check(responseTimeInMillis().saveAs(Timeline.RT));
  }
}
