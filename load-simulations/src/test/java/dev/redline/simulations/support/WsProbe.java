package dev.redline.simulations.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks the platform, with one plain GET, whether it serves {@code /ws} at all. */
public final class WsProbe {

  private WsProbe() {}

  /**
   * The status a plain GET of {@code /ws} gets: 404 means no WebSocket endpoint; a handshake
   * endpoint answers a non-upgrade GET with 400/426 (or 401 without a token). -1: unreachable.
   */
  public static int status(SimulationConfig config) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.baseUrl + "/ws?token=" + config.adminToken))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
