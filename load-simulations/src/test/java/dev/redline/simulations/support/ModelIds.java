package dev.redline.simulations.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids of the platform's registered models, read once before the load starts (one {@code GET
 * /api/v1/models?limit=200} as {@code adminToken}), so that a request for one model by id is the
 * only request its virtual user makes.
 */
public final class ModelIds {

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

  private ModelIds() {}

  /** Up to 200 model ids; fails with a sentence naming the URL when there are none. */
  public static List<String> fetch(SimulationConfig config) {
    URI uri = URI.create(config.baseUrl + "/api/v1/models?limit=200");
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(uri)
                      .timeout(Duration.ofSeconds(30))
                      .header("Authorization", "Bearer " + config.adminToken)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      List<String> ids = new ArrayList<>();
      Matcher m = ID.matcher(r.body());
      while (m.find()) {
        ids.add(m.group(1));
      }
      if (r.statusCode() != 200 || ids.isEmpty()) {
        throw new IllegalStateException(
            "GET " + uri + " answered " + r.statusCode() + " with no model ids; seed the platform");
      }
      return ids;
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + uri, e);
    }
  }
}
