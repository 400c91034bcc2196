package dev.redline.simulations.support;

import io.gatling.javaapi.http.HttpProtocolBuilder;

/** The one HTTP protocol every simulation uses, so all runs measure the same client behaviour. */
public final class Protocols {

  private Protocols() {}

  /**
   * JSON over HTTP/1.1 with gzip accepted, against {@link SimulationConfig#baseUrls} (each virtual
   * user takes the next one).
   */
  public static HttpProtocolBuilder http(SimulationConfig config) {
    return io.gatling.javaapi.http.HttpDsl.http
        .baseUrls(config.baseUrls)
        .wsBaseUrl(config.wsBaseUrl())
        .acceptHeader("application/json")
        .acceptEncodingHeader("gzip")
        .contentTypeHeader("application/json")
        .userAgentHeader("redline-load-simulations")
        // Every read measures the endpoint: no If-None-Match from Gatling's HTTP cache (it turned
        // config GETs into 304s after the first read).
        .disableCaching()
        // One connection pool per virtual user would measure TCP handshakes, not the service.
        .shareConnections();
  }
}
