package dev.redline.checker.ingest.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.redline.checker.ingest.InputException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

  @Test
  void scoreThatIsNotANumberIsAnInputError() throws Exception {
    Path json = withFirstScore("abc.json", "\"abc\"");
    assertBadInput(json, "fixtures.JoinBenchmark.builder (thrpt, size=10) with a score");
    assertBadInput(json, "not a finite number (got \"abc\")");
  }

  @Test
  void scoreThatJmhMarkedNaNIsAnInputError() throws Exception {
    assertBadInput(withFirstScore("nan.json", "\"NaN\""), "a score that is not a finite number");
  }

  @Test
  void scoreBeyondTheRangeOfADoubleIsAnInputError() throws Exception {
    assertBadInput(
        withFirstScore("huge.json", "1e999999999"), "a number beyond the range of a double");
  }

  @Test
  void iterationThatIsNotANumberIsAnInputError() throws Exception {
    ArrayNode root = fixtureTree();
    ((ArrayNode) root.get(0).get("primaryMetric").get("rawData").get(1)).set(2, "1.5x");
    Path json = write("iteration.json", root);

    assertBadInput(json, "iteration 3 of fork 2 that is not a finite number");
  }

  @Test
  void entryWithoutIterationsIsAnInputError() throws Exception {
    ArrayNode root = fixtureTree();
    ((ObjectNode) root.get(0).get("primaryMetric")).remove("rawData");
    Path json = write("no-iterations.json", root);

    assertBadInput(json, "without iterations");
  }

  @Test
  void jmhsNaNMarkerIsKeptWhereJmhWritesIt() throws Exception {
    // JMH writes "NaN" for an error it cannot compute (one iteration) and for undefined
    // secondary metrics; neither is a score, so the file is fine.
    ArrayNode root = fixtureTree();
    ((ObjectNode) root.get(0).get("primaryMetric")).put("scoreError", "NaN");
    ((ObjectNode) root.get(0).get("secondaryMetrics").get("gc.alloc.rate.norm"))
        .put("score", "NaN");
    Path json = write("nan-error.json", root);

    JmhResult first = reader.read(json).get(0);

    assertThat(first.scoreError()).isNaN();
    assertThat(first.allocBytesPerOp()).isNaN();
    assertThat(first.score()).isFinite();
  }

  @Test
  void garbageAfterTheArrayIsAnInputError() throws Exception {
    Path json = tmp.resolve("trailing.json");
    Files.writeString(json, Files.readString(fixture()) + "garbage{");
    assertBadInput(json, "is not JSON (line ");
  }

  @Test
  void secondJsonValueAfterTheArrayIsAnInputError() throws Exception {
    Path json = tmp.resolve("two-arrays.json");
    Files.writeString(json, Files.readString(fixture()) + "\n[]");
    assertBadInput(json, "goes on after its array of benchmarks (line ");
  }

  @Test
  void objectWithAFieldTwiceIsAnInputError() throws Exception {
    Path json = tmp.resolve("field-twice.json");
    Files.writeString(
        json,
        Files.readString(fixture()).replaceFirst("\"score\" :", "\"score\" : 1, \"score\" :"));
    assertBadInput(json, "an object has a field twice");
  }

  @Test
  void nestingBeyondTheLimitIsAnInputErrorNotACrash() throws Exception {
    Path json = tmp.resolve("deep.json");
    Files.writeString(json, "[".repeat(200_000) + "]".repeat(200_000));
    assertBadInput(json, "nests deeper than " + JmhJsonReader.MAX_NESTING_DEPTH + " levels");
  }

  @Test
  void stringBeyondTheLimitIsAnInputErrorNotACrash() throws Exception {
    Path json = tmp.resolve("long-string.json");
    Files.writeString(
        json, "[{\"benchmark\": \"" + "a".repeat(JmhJsonReader.MAX_STRING_CHARS + 1) + "\"}]");
    assertBadInput(json, "longer than 1,048,576 characters");
  }

  @Test
  void numberWithMillionsOfDigitsIsAnInputErrorNotACrash() throws Exception {
    Path json = tmp.resolve("long-number.json");
    Files.writeString(
        json,
        "[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {\"score\": "
            + "1".repeat(5_000_000)
            + "}}]");
    assertBadInput(json, "longer than");
  }

  @Test
  void numberLongerThanAnyDoubleIsAnInputError() throws Exception {
    Path json = tmp.resolve("number.json");
    Files.writeString(
        json,
        "[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {\"score\": "
            + "1".repeat(JmhJsonReader.MAX_NUMBER_CHARS + 1)
            + "}}]");
    assertBadInput(json, "holds a number longer than " + JmhJsonReader.MAX_NUMBER_CHARS);
  }

  @Test
  void fileOverTheSizeCapIsRefusedBeforeItIsRead() throws Exception {
    Path json = tmp.resolve("big.json");
    try (RandomAccessFile f = new RandomAccessFile(json.toFile(), "rw")) {
      f.setLength(150L * 1024 * 1024); // sparse: takes no disk space, and is never read
    }
    assertBadInput(json, "is 150 MiB, more than the 64 MiB Redline reads");
  }

  @Test
  void repeatedBenchmarkEntryIsAnInputErrorNamingIt() throws Exception {
    ArrayNode root = fixtureTree();
    root.add(root.get(5).deepCopy());
    Path json = write("repeated.json", root);

    assertBadInput(
        json,
        "holds benchmark fixtures.JoinBenchmark.builder (avgt, size=100) twice (entries 6 and 13)");
  }

  @Test
  void sameBenchmarkWithOtherParamsIsNoDuplicate() throws Exception {
    ArrayNode root = fixtureTree();
    ObjectNode copy = (ObjectNode) root.get(5).deepCopy();
    ((ObjectNode) copy.get("params")).put("size", "1000");
    root.add(copy);

    assertThat(reader.read(write("other-params.json", root))).hasSize(13);
  }

  @Test
  void fifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = tmp.resolve("result.json");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();

    // Opening a FIFO for reading blocks until a writer comes: a regression would hang here.
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> assertBadInput(fifo, "is not a regular file (a FIFO, socket or device)"));
  }

  private Path withFirstScore(String name, String score) throws Exception {
    String text = Files.readString(fixture());
    int at = text.indexOf("\"score\" : ");
    int end = text.indexOf(',', at);
    Path json = tmp.resolve(name);
    Files.writeString(json, text.substring(0, at) + "\"score\" : " + score + text.substring(end));
    return json;
  }

  private static ArrayNode fixtureTree() throws Exception {
    return (ArrayNode) JsonMapper.shared().readTree(fixture().toFile());
  }

  private Path write(String name, ArrayNode root) throws Exception {
    Path json = tmp.resolve(name);
    JsonMapper.shared().writeValue(json.toFile(), root);
    return json;
  }

  private void assertBadInput(Path json, String problem) {
    assertThatThrownBy(() -> reader.read(json))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(json.toString())
        .hasMessageContaining(problem)
        .hasMessageEndingWith(".")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("Exception")
        .hasMessageNotContaining("jackson");
  }
}
