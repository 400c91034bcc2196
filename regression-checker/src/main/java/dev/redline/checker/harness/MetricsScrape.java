package dev.redline.checker.harness;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.service.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's Prometheus scrape ({@code REDLINE_METRICS_PATH}, default {@code
 * /actuator/prometheus}, with {@code Authorization: Bearer REDLINE_METRICS_TOKEN}, default {@code
 * dev-admin-token}) written to a file: the start and end of each measured window.
 */
public final class MetricsScrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private MetricsScrape() {}

  /**
   * Scrapes {@code baseUrl} into {@code file}, a second time after a failure (a loaded service can
   * answer late); false (and no file) when both failed.
   */
  public static boolean scrape(String baseUrl, Path file) {
    return scrapeOnce(baseUrl, file) || scrapeOnce(baseUrl, file);
  }

  private static boolean scrapeOnce(String baseUrl, Path file) {
    String path = Platform.envOr("REDLINE_METRICS_PATH", "/actuator/prometheus");
    String token = Platform.envOr("REDLINE_METRICS_TOKEN", "dev-admin-token");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofSeconds(20))
              .header("Authorization", "Bearer " + token)
              .build();
      HttpResponse<Path> res = HTTP.send(req, HttpResponse.BodyHandlers.ofFile(file));
      if (res.statusCode() == 200) {
        return true;
      }
    } catch (IOException e) {
      // reported below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted while scraping " + baseUrl + path, e);
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // nothing to clean
    }
    return false;
  }

  /**
   * CPU seconds per request of each {@code /api/} route between two scrapes (the starter's
   * counters), for routes that served at least {@code minRequests} in between; key {@code "*"}
   * holds all of them together. Empty when either scrape lacks the counters.
   */
  public static Map<String, Double> apiCpuPerRequest(Path start, Path end, int minRequests) {
    try {
      Map<String, double[]> a = apiTotals(PrometheusText.read(start));
      Map<String, double[]> b = apiTotals(PrometheusText.read(end));
      Map<String, Double> out = new TreeMap<>();
      double allRequests = 0;
      double allCpu = 0;
      for (Map.Entry<String, double[]> e : b.entrySet()) {
        double[] before = a.getOrDefault(e.getKey(), new double[2]);
        double requests = e.getValue()[0] - before[0];
        double cpu = e.getValue()[1] - before[1];
        allRequests += requests;
        allCpu += cpu;
        if (requests >= minRequests) {
          out.put(e.getKey(), cpu / requests);
        }
      }
      if (allRequests > 0) {
        out.put("*", allCpu / allRequests);
      }
      return out;
    } catch (InputException e) {
      return Map.of();
    }
  }

  /** Per route: {requests, cpu seconds}. */
  private static Map<String, double[]> apiTotals(List<PrometheusText.Sample> samples) {
    Map<String, double[]> out = new HashMap<>();
    for (PrometheusText.Sample s : samples) {
      String uri = s.labels().getOrDefault("uri", "");
      if (!uri.startsWith("/api/")) {
        continue;
      }
      String route = s.labels().getOrDefault("method", "") + " " + uri;
      if (s.name().equals("redline_requests_total")) {
        out.computeIfAbsent(route, k -> new double[2])[0] += s.value();
      } else if (s.name().equals("redline_request_cpu_seconds_total")) {
        out.computeIfAbsent(route, k -> new double[2])[1] += s.value();
      }
    }
    return out;
  }
}
