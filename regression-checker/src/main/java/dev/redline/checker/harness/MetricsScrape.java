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
import java.util.List;

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
   * CPU seconds per request over all {@code /api/} routes between two scrapes (the starter's
   * counters), NaN when either lacks them or no request was served.
   */
  public static double apiCpuPerRequest(Path start, Path end) {
    try {
      double[] a = apiTotals(PrometheusText.read(start));
      double[] b = apiTotals(PrometheusText.read(end));
      double requests = b[0] - a[0];
      return requests > 0 ? (b[1] - a[1]) / requests : Double.NaN;
    } catch (InputException e) {
      return Double.NaN;
    }
  }

  private static double[] apiTotals(List<PrometheusText.Sample> samples) {
    double requests = 0;
    double cpu = 0;
    for (PrometheusText.Sample s : samples) {
      String uri = s.labels().getOrDefault("uri", "");
      if (!uri.startsWith("/api/")) {
        continue;
      }
      if (s.name().equals("redline_requests_total")) {
        requests += s.value();
      } else if (s.name().equals("redline_request_cpu_seconds_total")) {
        cpu += s.value();
      }
    }
    return new double[] {requests, cpu};
  }
}
