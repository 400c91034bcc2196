package dev.redline.simulations.endpoints;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** {@code /config/optimization-criteria}: the cached config (5 min TTL) and its guarded update. */
public final class ConfigEndpoints {

  public static final String GET = "GET /config/optimization-criteria";
  public static final String PUT = "PUT /config/optimization-criteria";

  /** Session attributes saved by {@link #get()}, used to build the next full document. */
  public static final String ETAG = "etag";

  public static final String DOCUMENT = "criteria";

  private ConfigEndpoints() {}

  /** The criteria; saves the ETag and the whole JSON document. */
  public static HttpRequestActionBuilder get() {
    return Api.get(GET, "/config/optimization-criteria")
        .check(
            status().is(200),
            header("ETag").saveAs(ETAG),
            jsonPath("$").ofObject().saveAs(DOCUMENT));
  }

  /**
   * Replaces the criteria with the JSON in session attribute {@code nextCriteria}, guarded by
   * {@code If-Match} with the ETag the previous GET saw.
   */
  public static HttpRequestActionBuilder put() {
    return Api.put(PUT, "/config/optimization-criteria")
        .header("If-Match", "#{" + ETAG + "}")
        .body(StringBody("#{nextCriteria}"))
        .check(status().is(200), header("ETag").saveAs(ETAG));
  }
}
