package dev.redline.checker.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.service.PrometheusText.Sample;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceMetricsTest {

  /** Two real scrapes of platform-api around a 15 s PR-suite load run (the gate's layout). */
  private static final Path FIXTURE = Path.of("src/test/resources/fixtures/service/pr-run");

  @Test
  void readsServiceTimeCpuAllocationAndSqlPerRouteFromARealScrapePair() throws Exception {
    List<Measurement> ms = ServiceMetrics.read(FIXTURE);
    String route = "service GET /api/v1/config/optimization-criteria";
    Measurement p50 = find(ms, route, Metric.P50);
    Measurement p99 = find(ms, route, Metric.P99);
    assertThat(p50.unit()).isEqualTo("us");
    // A cached read, resolved below Gatling's 1 ms step (this fixture: a loaded 2-core machine).
    assertThat(p50.value()).isGreaterThan(10).isLessThan(20_000);
    assertThat(p50.value() % 1000).isNotZero();
    assertThat(p99.value()).isGreaterThanOrEqualTo(p50.value());
    double cpu = find(ms, route, Metric.CPU).value();
    assertThat(cpu).isGreaterThan(1);
    // the median from the starter's fine CPU time histogram: near the mean, not equal to it
    assertThat(find(ms, route, Metric.CPU_P50).value())
        .isBetween(cpu / 3, cpu * 3)
        .isNotEqualTo(cpu);
    assertThat(find(ms, route, Metric.ALLOC).value()).isGreaterThan(100);
    assertThat(find(ms, "service GET /api/v1/optimization/sessions", Metric.SQL).value())
        .isGreaterThan(0);
    assertThat(ms).noneMatch(m -> m.name().contains("/actuator"));
    assertThat(ms).anyMatch(m -> m.metric() == Metric.GC_PAUSE);
    // HikariCP's acquire timer between the scrapes: 82.06 ms waited over 417 acquisitions.
    assertThat(find(ms, "service DB pool", Metric.POOL_WAIT).value())
        .isCloseTo(
            (100.042411263 - 99.960355014) * 1e3 / (13459 - 13042),
            org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void theServicesOwnWsDeliveryTimeIsTheHistogramsIncreaseOverTheWindow(@TempDir Path dir)
      throws Exception {
    // Before the window: 200 frames already counted (an earlier round); in it: 1,000 more.
    Path start = Files.writeString(dir.resolve("start.prom"), wsScrape(0, 100, 200, 0.4));
    Path end = Files.writeString(dir.resolve("end.prom"), wsScrape(0, 200, 1_200, 2.9));

    List<Measurement> ms = ServiceMetrics.wsDelivery(start, end);

    String name = "service WS /ws delivery";
    assertThat(find(ms, name, Metric.MEAN).value()).isCloseTo(2_500, offset(1e-6));
    // rank 500 of the window's 1,000: 100 below 2 ms, 900 in (2 ms, 4 ms]
    assertThat(find(ms, name, Metric.P50).value())
        .isCloseTo(2_000 + 2_000 * 400 / 900.0, offset(1e-6));
    assertThat(find(ms, name, Metric.P50).unit()).isEqualTo("us");
    assertThat(find(ms, name, Metric.P99).value()).isBetween(3_900.0, 4_000.0);
    // a service without the histogram (any other Spring Boot service) has no such measurement
    Path plain = Files.writeString(dir.resolve("plain.prom"), "process_uptime_seconds 5\n");
    assertThat(ServiceMetrics.wsDelivery(plain, plain)).isEmpty();
  }

  /** A scrape holding only platform-api's /ws delivery histogram (buckets 1, 2, 4 ms, +Inf). */
  private static String wsScrape(double le1, double le2, double le4, double sumSeconds) {
    String h = "platform_ws_delivery_latency_seconds";
    return "# TYPE "
        + h
        + " histogram\n"
        + h
        + "_bucket{le=\"0.001\"} "
        + le1
        + "\n"
        + h
        + "_bucket{le=\"0.002\"} "
        + le2
        + "\n"
        + h
        + "_bucket{le=\"0.004\"} "
        + le4
        + "\n"
        + h
        + "_bucket{le=\"+Inf\"} "
        + le4
        + "\n"
        + h
        + "_count "
        + le4
        + "\n"
        + h
        + "_sum "
        + sumSeconds
        + "\n";
  }

  @Test
  void interpolatesQuantilesInsideTheBucketThatHoldsThem() {
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    cumulative.put(0.001, 0.0);
    cumulative.put(0.002, 50.0);
    cumulative.put(0.004, 100.0);
    cumulative.put(Double.POSITIVE_INFINITY, 100.0);
    assertThat(ServiceMetrics.quantile(cumulative, 0.25)).isCloseTo(0.0015, within());
    assertThat(ServiceMetrics.quantile(cumulative, 0.5)).isCloseTo(0.002, within());
    assertThat(ServiceMetrics.quantile(cumulative, 0.75)).isCloseTo(0.003, within());
  }

  @Test
  void aShiftOfTenPercentInsideOneBucketMovesTheEstimate() {
    // Sub-bucket resolution: the same bucket bounds, 10% more of the mass in the upper half.
    TreeMap<Double, Double> a = new TreeMap<>();
    a.put(0.0001, 0.0);
    a.put(0.0002, 1000.0);
    TreeMap<Double, Double> b = new TreeMap<>();
    b.put(0.0001, 0.0);
    b.put(0.0002, 1000.0);
    assertThat(ServiceMetrics.quantile(a, 0.5)).isEqualTo(ServiceMetrics.quantile(b, 0.5));
    b.put(0.00015, 400.0);
    a.put(0.00015, 500.0);
    assertThat(ServiceMetrics.quantile(b, 0.5)).isGreaterThan(ServiceMetrics.quantile(a, 0.5));
  }

  @Test
  void aCounterThatWentDownMeansTheServiceRestartedAndIsAnInputError(@TempDir Path dir)
      throws Exception {
    Path metrics = Files.createDirectories(dir.resolve(ServiceMetrics.FOLDER));
    Files.copy(FIXTURE.resolve("service-metrics/end.prom"), metrics.resolve("start.prom"));
    Files.copy(FIXTURE.resolve("service-metrics/start.prom"), metrics.resolve("end.prom"));
    assertThatThrownBy(() -> ServiceMetrics.read(dir))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("restarted");
  }

  @Test
  void halfAScrapePairIsAnInputErrorNamingTheMissingFile(@TempDir Path dir) throws Exception {
    Path metrics = Files.createDirectories(dir.resolve(ServiceMetrics.FOLDER));
    Files.copy(FIXTURE.resolve("service-metrics/start.prom"), metrics.resolve("start.prom"));
    assertThatThrownBy(() -> ServiceMetrics.read(dir))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("end.prom");
  }

  @Test
  void anUnreadableLineIsAnInputErrorNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.prom");
    Files.writeString(f, "# HELP a b\nok_total{a=\"1\"} 3\nbroken{a=\"1\" 4\n");
    assertThatThrownBy(() -> PrometheusText.read(f))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("line 3");
  }

  @Test
  void parsesLabelsWithEscapesAndSpecialValues() {
    Sample s = PrometheusText.parse("m{uri=\"/a\\\"b\",le=\"+Inf\"} +Inf");
    assertThat(s.labels()).containsEntry("uri", "/a\"b").containsEntry("le", "+Inf");
    assertThat(s.value()).isInfinite();
    assertThat(PrometheusText.parse("m 1.5E-4 1700000000000").value()).isEqualTo(1.5e-4);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  private static Measurement find(List<Measurement> ms, String name, Metric metric) {
    List<String> seen = new ArrayList<>();
    for (Measurement m : ms) {
      if (m.name().equals(name) && m.metric() == metric) {
        return m;
      }
      seen.add(m.key());
    }
    throw new AssertionError("no " + name + " " + metric.id() + " among " + seen);
  }
}
