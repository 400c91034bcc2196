package dev.redline.checker.ingest.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.redline.checker.ingest.InputException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a real JMH 1.37 result ({@code -f 2 -wi 1 -i 3 -w 1s -r 1s -prof gc -rf json}, modes thrpt,
 * avgt and sample, {@code @Param size = 10, 100}).
 */
class JmhJsonReaderTest {
  private final JmhJsonReader reader = new JmhJsonReader();

  @TempDir Path tmp;

  static Path fixture() throws URISyntaxException {
    return Path.of(
        JmhJsonReaderTest.class.getResource("/fixtures/jmh/join-thrpt-avgt-sample.json").toURI());
  }

  @Test
  void readsEveryBenchmarkModeAndParam() throws Exception {
    List<JmhResult> results = reader.read(fixture());

    assertThat(results).hasSize(12);
    Map<String, Long> byMode =
        results.stream().collect(Collectors.groupingBy(JmhResult::mode, Collectors.counting()));
    assertThat(byMode)
        .containsOnly(Map.entry("thrpt", 4L), Map.entry("avgt", 4L), Map.entry("sample", 4L));
    assertThat(results).extracting(JmhResult::paramsLabel).containsOnly("size=10", "size=100");
    assertThat(results)
        .extracting(JmhResult::benchmark)
        .containsOnly("fixtures.JoinBenchmark.builder", "fixtures.JoinBenchmark.join");
    JmhResult first = results.get(0);
    assertThat(first.params()).containsExactly(Map.entry("size", "10"));
    assertThat(first.jmhVersion()).isEqualTo("1.37");
    assertThat(first.jdkVersion()).startsWith("17.");
    assertThat(first.vmName()).contains("VM");
    assertThat(first.forks()).isEqualTo(2);
    assertThat(first.threads()).isEqualTo(1);
    assertThat(first.warmupIterations()).isEqualTo(1);
    assertThat(first.measurementIterations()).isEqualTo(3);
    assertThat(first.measurementTime()).isEqualTo("1 s");
    assertThat(first.jvmArgs()).isNotNull();
    assertThat(first.source()).isEqualTo(fixture());
  }

  @Test
  void keepsRawDataPerForkAndIteration() throws Exception {
    for (JmhResult r : reader.read(fixture())) {
      assertThat(r.rawData()).as(r.benchmark() + " " + r.mode()).hasSize(2);
      assertThat(r.rawData()).allSatisfy(fork -> assertThat(fork).hasSize(3));
      assertThat(r.allIterations()).hasSize(6).allSatisfy(v -> assertThat(v).isPositive());
      if (!r.mode().equals("sample")) {
        // JMH's score is the mean of all measurement iterations of all forks
        double mean =
            r.allIterations().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(r.score()).isCloseTo(mean, within(1e-9 * Math.abs(mean)));
      }
      assertThat(r.scoreError()).isPositive();
    }
  }

  @Test
  void sampleModeIterationsAreHistogramMeans() throws Exception {
    JmhResult sample =
        reader.read(fixture()).stream()
            .filter(r -> r.mode().equals("sample"))
            .findFirst()
            .orElseThrow();
    double mean =
        sample.allIterations().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    // JMH's sample score weighs iterations by their sample counts, so it is close to, not equal to,
    // the mean of iteration means
    assertThat(sample.score()).isCloseTo(mean, within(0.2 * mean));
    assertThat(sample.secondaryMetrics()).containsKeys("p0.50", "p0.99");
  }

  @Test
  void readsGcAllocationPerOperation() throws Exception {
    for (JmhResult r : reader.read(fixture())) {
      assertThat(r.secondaryMetrics())
          .containsKeys("gc.alloc.rate", "gc.alloc.rate.norm", "gc.count");
      assertThat(r.secondaryMetrics().get("gc.alloc.rate.norm").unit()).isEqualTo("B/op");
      assertThat(r.secondaryMetrics().get("gc.alloc.rate.norm").rawData()).hasSize(2);
      assertThat(r.allocBytesPerOp())
          .isEqualTo(r.secondaryMetrics().get("gc.alloc.rate.norm").score());
      // joining 100 parts allocates more than joining 10
      assertThat(r.allocBytesPerOp())
          .isGreaterThan(r.params().get("size").equals("100") ? 1_000 : 50);
    }
  }

  @Test
  void directionFollowsModeAndUnit() throws Exception {
    for (JmhResult r : reader.read(fixture())) {
      if (r.mode().equals("thrpt")) {
        assertThat(r.unit()).isEqualTo("ops/us");
        assertThat(r.higherIsBetter()).isTrue();
      } else {
        assertThat(r.unit()).isEqualTo("us/op");
        assertThat(r.higherIsBetter()).isFalse();
      }
    }
    Path f = Path.of("x.json");
    assertThat(JmhJsonReader.higherIsBetter(f, "b", "thrpt", "ops/s")).isTrue();
    assertThat(JmhJsonReader.higherIsBetter(f, "b", "ss", "ms/op")).isFalse();
    assertThat(JmhJsonReader.higherIsBetter(f, "b", "avgt", "ns/op")).isFalse();
  }

  @Test
  void unknownUnitIsAnErrorNamingTheUnitAndFile() throws Exception {
    Path json = tmp.resolve("furlongs.json");
    Files.writeString(
        json, Files.readString(fixture()).replace("\"ops/us\"", "\"furlongs/fortnight\""));
    assertThatThrownBy(() -> reader.read(json))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(json.toString())
        .hasMessageContaining("'furlongs/fortnight'")
        .hasMessageContaining("fixtures.JoinBenchmark.builder")
        .hasMessageEndingWith(".");
  }

  @Test
  void throughputModeWithATimePerOpUnitIsUnknown() {
    assertThatThrownBy(() -> JmhJsonReader.higherIsBetter(Path.of("r.json"), "b", "thrpt", "ms/op"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'ms/op'");
  }

  @Test
  void fileThatIsNotJsonIsNamed() throws Exception {
    Path json = tmp.resolve("result.json");
    Files.writeString(json, "Benchmark  Mode  Cnt  Score\nfoo  thrpt  3  1.0\n");
    assertBadInput(json, "is not JSON");
  }

  @Test
  void emptyArrayHasNoBenchmarks() throws Exception {
    Path json = tmp.resolve("result.json");
    Files.writeString(json, "[ ]");
    assertBadInput(json, "holds no benchmarks");
  }

  @Test
  void emptyFileIsNamed() throws Exception {
    Path json = Files.createFile(tmp.resolve("result.json"));
    assertBadInput(json, "is empty");
  }

  @Test
  void jsonObjectIsNotAJmhResult() throws Exception {
    Path json = tmp.resolve("result.json");
    Files.writeString(json, "{\"benchmark\": \"x\"}");
    assertBadInput(json, "is not a JMH JSON result");
  }

  @Test
  void entryWithoutPrimaryMetricIsNamed() throws Exception {
    Path json = tmp.resolve("result.json");
    Files.writeString(json, "[{\"benchmark\": \"x.Y.z\", \"mode\": \"thrpt\"}]");
    assertBadInput(json, "entry 1 has no benchmark name or primaryMetric");
  }

  @Test
  void missingFileIsNamed() {
    assertBadInput(tmp.resolve("nope.json"), "does not exist");
  }

  private void assertBadInput(Path json, String problem) {
    assertThatThrownBy(() -> reader.read(json))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(json.toString())
        .hasMessageContaining(problem)
        .hasMessageEndingWith(".")
        .hasMessageNotContaining("\n");
  }
}
