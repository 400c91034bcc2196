package dev.redline.checker.ingest.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.ingest.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Several injectors' logs merge into exactly the run one injector would have logged. */
class GatlingMergeTest {
  private final GatlingLogReader reader = new GatlingLogReader();

  static List<Path> runs() {
    return Fixtures.runFolders();
  }

  @ParameterizedTest
  @MethodSource("runs")
  void mergeOfTwoHalvesEqualsTheWhole(Path run, @TempDir Path tmp) throws Exception {
    Path a = tmp.resolve("injector-a.log");
    Path b = tmp.resolve("injector-b.log");
    split(run.resolve("simulation.log"), a, b);

    GatlingRun whole = reader.read(run);
    GatlingRun halfA = reader.read(a);
    GatlingRun halfB = reader.read(b);
    GatlingRun merged = GatlingLogReader.merge(List.of(halfA, halfB));

    assertThat(halfA.total().count()).isPositive().isLessThan(whole.total().count());
    assertThat(halfB.total().count()).isPositive().isLessThan(whole.total().count());
    assertSameResults(merged, whole);
    assertThat(merged.sources()).containsExactly(a, b);
    // the per-second p95 of the halves is not the p95 of the whole; the merge recomputes it
    assertThat(merged.windows()).isEqualTo(whole.windows());
    assertSameResults(reader.readAll(List.of(a, b)), whole);
  }

  @ParameterizedTest
  @MethodSource("runs")
  void mergingARunWithItselfDoublesCountsAndKeepsPercentiles(Path run) throws Exception {
    GatlingRun once = reader.read(run);
    GatlingRun twice = GatlingLogReader.merge(List.of(once, once));

    assertThat(twice.total().count()).isEqualTo(2 * once.total().count());
    assertThat(twice.total().rps()).isEqualTo(2 * once.total().rps());
    for (RequestStats r : once.requests()) {
      RequestStats d = twice.request(r.name());
      assertThat(d.ko()).isEqualTo(2 * r.ko());
      // Double.compare, so that NaN (no OK response) equals NaN
      assertThat(Double.compare(d.p95Ms(), r.p95Ms())).isZero();
      assertThat(Double.compare(d.p99Ms(), r.p99Ms())).isZero();
      assertThat(Double.compare(d.meanMs(), r.meanMs())).isZero();
      assertThat(d.okTimesMs().size()).isEqualTo(2 * r.ok());
    }
  }

  @ParameterizedTest
  @MethodSource("runs")
  void refusesToMergeDifferentSimulations(Path run, @TempDir Path tmp) throws Exception {
    Path other =
        Fixtures.runFolders().stream().filter(p -> !p.equals(run)).findFirst().orElseThrow();
    assertThatThrownBy(() -> reader.readAll(List.of(run, other)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(other.resolve("simulation.log").toString())
        .hasMessageContaining("cannot be merged");
  }

  static void assertSameResults(GatlingRun actual, GatlingRun expected) {
    assertThat(actual.gatlingVersion()).isEqualTo(expected.gatlingVersion());
    assertThat(actual.simulationClassName()).isEqualTo(expected.simulationClassName());
    assertThat(actual.runStartEpochMs()).isEqualTo(expected.runStartEpochMs());
    assertThat(actual.startEpochMs()).isEqualTo(expected.startEpochMs());
    assertThat(actual.endEpochMs()).isEqualTo(expected.endEpochMs());
    assertThat(actual.scenarios()).isEqualTo(expected.scenarios());
    assertThat(actual.users()).isEqualTo(expected.users());
    assertThat(actual.errors()).isEqualTo(expected.errors());
    assertThat(actual.total()).isEqualTo(expected.total());
    assertThat(actual.requests()).isEqualTo(expected.requests());
  }

  /**
   * Deals the records of a real log alternately to two new logs in the same binary format, each
   * with the run record, as two injectors of one run would have written them.
   */
  static void split(Path log, Path a, Path b) throws InputException {
    try (SimulationLogWriter wa = new SimulationLogWriter(a);
        SimulationLogWriter wb = new SimulationLogWriter(b)) {
      SimulationLogDecoder.decode(
          log,
          new SimulationLogDecoder.RecordVisitor() {
            long n;

            private SimulationLogWriter next() {
              return n++ % 2 == 0 ? wa : wb;
            }

            @Override
            public void run(SimulationLogDecoder.RunHeader header) {
              wa.run(header);
              wb.run(header);
            }

            @Override
            public void request(
                String[] groups, String name, int startMs, int endMs, boolean ok, String message) {
              next().request(groups, name, startMs, endMs, ok, message);
            }

            @Override
            public void user(int scenarioIndex, boolean start, int timeMs) {
              next().user(scenarioIndex, start, timeMs);
            }

            @Override
            public void group(String[] groups, int startMs, int endMs, int cumulated, boolean ok) {
              next().group(groups, startMs, endMs, cumulated, ok);
            }

            @Override
            public void error(String message, int timeMs) {
              next().error(message, timeMs);
            }
          });
    }
    assertThat(a).isNotEmptyFile();
    assertThat(Files.isRegularFile(b)).isTrue();
  }
}
