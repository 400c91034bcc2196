package dev.redline.checker.ingest.k6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import dev.redline.checker.model.Window;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The k6 JSON output fixtures under {@code fixtures/k6} follow k6's documented format (no k6 binary
 * here; they were written by a short script): 3 virtual users for 40 s, four requests a user
 * iteration, two named by URL and two by the script's {@code name} tag, a few checkouts answered
 * with 500.
 */
class K6ImporterTest {
  static final Path BASELINE = Path.of("src/test/resources/fixtures/k6/shop-baseline.json");

  @TempDir Path tmp;

  private static Run read(Path file) throws InputException {
    return new K6Importer().read(file, Run.builder()).build();
  }

  /** Every http_req_duration point of the file, recomputed here straight from the JSON. */
  private static Map<String, List<double[]>> points(Path file) throws Exception {
    Map<String, List<double[]>> byName = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode n = JsonMapper.shared().readTree(line);
      if (!n.path("metric").asString("").equals("http_req_duration")
          || !n.path("type").asString("").equals("Point")) {
        continue;
      }
      JsonNode tags = n.path("data").path("tags");
      String name = tags.path("method").asString() + " " + tags.path("name").asString();
      double failed = tags.path("status").asString().equals("200") ? 0 : 1;
      double time =
          OffsetDateTime.parse(n.path("data").path("time").asString()).toInstant().toEpochMilli();
      byName
          .computeIfAbsent(name, k -> new ArrayList<>())
          .add(new double[] {n.path("data").path("value").doubleValue(), failed, time});
    }
    return byName;
  }

  @Test
  void recognisesK6OutputByItsFirstLine() throws Exception {
    byte[] head = Arrays.copyOf(Files.readAllBytes(BASELINE), 200);
    assertThat(new K6Importer().accepts(BASELINE, head)).isTrue();
    assertThat(new K6Importer().accepts(BASELINE, "[{\"benchmark\":1}]".getBytes())).isFalse();
    assertThat(new K6Importer().accepts(BASELINE, "{\"state\":{}}".getBytes())).isFalse();
  }

  @Test
  void mapsEachRequestLikeAGatlingRequest() throws Exception {
    Run run = read(BASELINE);
    Map<String, List<double[]>> points = points(BASELINE);

    assertThat(run.source()).isEqualTo("k6");
    assertThat(run.suite()).isEqualTo("k6");
    assertThat(points.keySet())
        .containsExactly(
            "GET https://shop.test/api/items",
            "GET https://shop.test/api/items/{id}",
            "POST add to cart",
            "POST checkout");
    for (Map.Entry<String, List<double[]>> e : points.entrySet()) {
      double[] ok = e.getValue().stream().filter(p -> p[1] == 0).mapToDouble(p -> p[0]).toArray();
      long failed = e.getValue().stream().filter(p -> p[1] == 1).count();
      Measurement p95 = run.measurement(e.getKey() + " p95").orElseThrow();
      double[] sorted = ok.clone();
      Arrays.sort(sorted);
      assertThat(p95.value())
          .as(e.getKey())
          .isEqualTo(sorted[(int) Math.ceil(0.95 * sorted.length) - 1]);
      assertThat(p95.unit()).isEqualTo(Units.MS);
      assertThat(p95.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
      assertThat(p95.samples()).isEqualTo(Samples.Distribution.of(ok));
      assertThat(run.measurement(e.getKey() + " mean").orElseThrow().value())
          .isCloseTo(
              Arrays.stream(ok).average().orElseThrow(), org.assertj.core.data.Offset.offset(1e-9));
      Measurement errors = run.measurement(e.getKey() + " error_rate").orElseThrow();
      assertThat(errors.samples()).isEqualTo(new Samples.Proportion(failed, e.getValue().size()));
      assertThat(run.measurement(e.getKey() + " rps")).isPresent();
      for (Metric m : List.of(Metric.MEAN, Metric.P50, Metric.P75, Metric.P95, Metric.P99)) {
        assertThat(run.measurement(e.getKey() + " " + m.id())).isPresent();
      }
    }
    assertThat(points.get("POST checkout").stream().filter(p -> p[1] == 1)).isNotEmpty();
    assertThat(run.measurement("POST checkout error_rate").orElseThrow().value()).isPositive();
    assertThat(run.measurement("GET https://shop.test/api/items error_rate").orElseThrow().value())
        .isZero();
  }

  @Test
  void theRunLastsFromTheFirstToTheLastPointWithAWindowASecond() throws Exception {
    Run run = read(BASELINE);
    long all = points(BASELINE).values().stream().mapToLong(List::size).sum();

    assertThat(run.startedAt()).isEqualTo(Instant.parse("2026-11-27T00:10:00Z"));
    assertThat(run.endedAt()).isAfter(run.startedAt().plusSeconds(30));
    List<Window> total =
        run.windows().stream().filter(w -> w.request().equals("All Requests")).toList();
    assertThat(total.stream().mapToLong(Window::requests).sum()).isEqualTo(all);
    assertThat(total.get(0).activeUsers()).isEqualTo(3);
    long seconds = (run.endedAt().toEpochMilli() - run.startedAt().toEpochMilli() + 999) / 1000;
    assertThat(run.measurement("All Requests rps").orElseThrow().value())
        .isEqualTo((double) all / seconds);
    assertThat(run.valid()).isTrue();
  }

  @Test
  void readsGzippedOutputAsThePlainOne() throws Exception {
    Path gz = tmp.resolve("results.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(BASELINE, out);
    }
    byte[] head = Arrays.copyOf(Files.readAllBytes(gz), 100);

    assertThat(new K6Importer().accepts(gz, head)).isTrue();
    assertThat(read(gz).measurements()).isEqualTo(read(BASELINE).measurements());
  }

  @Test
  void truncatedOutputIsAnInputErrorNamingTheFileAndLine() throws Exception {
    byte[] bytes = Files.readAllBytes(BASELINE);
    Path cut = tmp.resolve("cut.json");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> read(cut))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("Line ")
        .hasMessageContaining("of the k6 result " + cut + " is not a JSON object")
        .hasMessageEndingWith(".")
        .hasMessageNotContaining("\n");
  }

  @Test
  void outputWithoutRequestsIsAnInputError() throws Exception {
    Path vusOnly = tmp.resolve("vus.json");
    Files.writeString(
        vusOnly,
        "{\"type\":\"Point\",\"data\":{\"time\":\"2026-11-27T01:10:00+01:00\",\"value\":3,"
            + "\"tags\":null},\"metric\":\"vus\"}\n",
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> read(vusOnly))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(vusOnly.toString())
        .hasMessageContaining("holds no http_req_duration point");
  }

  @Test
  void pointsYearsApartAreRefusedNotAllocated() throws Exception {
    Path years = tmp.resolve("years.json");
    String point =
        "{\"type\":\"Point\",\"data\":{\"time\":\"%s\",\"value\":12.5,\"tags\":"
            + "{\"method\":\"GET\",\"name\":\"x\",\"status\":\"200\"}},"
            + "\"metric\":\"http_req_duration\"}\n";
    Files.writeString(
        years, point.formatted("1970-01-01T00:00:00Z") + point.formatted("2026-11-27T01:10:00Z"));

    assertThatThrownBy(() -> read(years))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(years.toString())
        .hasMessageEndingWith("more than the 31 days Redline reads as one run.");
  }

  @Test
  void aPointWithoutATimeIsNamed() throws Exception {
    Path bad = tmp.resolve("notime.json");
    Files.writeString(
        bad,
        "{\"type\":\"Point\",\"data\":{\"value\":3,\"tags\":{\"name\":\"x\"}},"
            + "\"metric\":\"http_req_duration\"}\n");

    assertThatThrownBy(() -> read(bad))
        .hasMessage(
            "Line 1 of the k6 result " + bad + " has a point without a valid time (got '').");
  }
}
