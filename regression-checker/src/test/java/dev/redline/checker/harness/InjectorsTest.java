package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.ingest.gatling.GatlingLogReader;
import dev.redline.checker.ingest.gatling.GatlingRun;
import dev.redline.checker.ingest.gatling.SecondWindow;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples.Distribution;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InjectorsTest {

  @Test
  void aShardThatStartedTooFewArrivalsIsSaturated() {
    assertThat(Injectors.saturation(100, 95, 0.5, 2)).isEmpty();
    assertThat(Injectors.saturation(100, 80, 0.5, 2))
        .contains("started 80.0/s of 100.0/s intended");
  }

  @Test
  void aShardThatTookTheMachinesCoresIsSaturated() {
    assertThat(Injectors.saturation(100, 100, 1.79, 2)).isEmpty();
    assertThat(Injectors.saturation(100, 100, 1.8, 2)).contains("used 1.80 of 2 cores");
  }

  @Test
  void onlyArrivalsWithinThePlannedSecondsCount() {
    List<SecondWindow> windows =
        List.of(
            window(100, 0),
            window(101, 40),
            window(102, 40),
            window(103, 40),
            window(104, 40),
            window(105, 40),
            window(106, 39));
    // planned 4 s: seconds 101..105 (one more for the clock's alignment); a late 106 does not count
    assertThat(Injectors.startedWithin(windows, 4)).isEqualTo(200);
    assertThat(Injectors.startedWithin(List.of(), 4)).isZero();
  }

  @Test
  void aSaturatedShardInvalidatesTheMergedRunAndIsNamed(@TempDir Path tmp) throws Exception {
    List<Path> shards = copies(fixture(), tmp, 3);
    Run merged = Inputs.readMerged(shards, null);
    List<Injectors.Shard> judged = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String why = i == 1 ? Injectors.saturation(100, 70, 0.4, 2) : "";
      judged.add(
          new Injectors.Shard(i, shards.get(i), 10, 10, 100, i == 1 ? 70 : 100, 0.4, 0, why));
    }

    Run annotated = Injectors.annotate(merged, judged);

    assertThat(merged.valid()).isTrue();
    assertThat(annotated.valid()).isFalse();
    assertThat(annotated.invalidReason()).contains("shard 1/3").contains("started 70.0/s");
    assertThat(annotated.provenance()).containsEntry("injectors", "3");
    assertThat(annotated.provenance().get("shard.1")).contains("SATURATED");
    assertThat(annotated.measurements()).isEqualTo(merged.measurements());
  }

  @Test
  void validShardsKeepTheMergedRunValid(@TempDir Path tmp) throws Exception {
    List<Path> shards = copies(fixture(), tmp, 2);
    Run merged = Inputs.readMerged(shards, null);
    List<Injectors.Shard> judged =
        List.of(
            new Injectors.Shard(0, shards.get(0), 10, 10, 50, 50, 0.3, 0, ""),
            new Injectors.Shard(1, shards.get(1), 10, 10, 50, 49, 0.3, 2, ""));
    assertThat(Injectors.annotate(merged, judged).valid()).isTrue();
  }

  @Test
  void mergedCountIsTheSumOfTheShardsAndPercentilesThoseOfAllSamples(@TempDir Path tmp)
      throws Exception {
    List<Path> shards = copies(fixture(), tmp, 3);
    List<GatlingRun> runs = new ArrayList<>();
    long sum = 0;
    for (Path s : shards) {
      GatlingRun r = new GatlingLogReader().read(s);
      runs.add(r);
      sum += r.total().count();
    }
    GatlingRun merged = GatlingLogReader.merge(runs);
    RawSamples raw = RawSamples.of(shards.stream().map(s -> s.resolve("simulation.log")).toList());

    assertThat(merged.total().count()).isEqualTo(sum).isEqualTo(raw.requests());
    Run run = Inputs.readMerged(shards, null);
    for (double p : new double[] {50, 75, 95, 99}) {
      assertThat(merged.total().okTimesMs().quantile(p / 100)).isEqualTo(raw.percentileMs(p));
      String key = GatlingRun.ALL_REQUESTS + " p" + (int) p;
      assertThat(run.measurement(key))
          .hasValueSatisfying(m -> assertThat(m.value()).isEqualTo(raw.percentileMs(p)));
    }
  }

  @Test
  void everyShardGetsItsIndexAndTheCount() {
    Map<String, String> p = Injectors.shardProperties(Map.of("pr.rps", "60"), 2, 3);
    assertThat(p)
        .containsEntry("pr.rps", "60")
        .containsEntry("shard.index", "2")
        .containsEntry("shard.count", "3");
  }

  @Test
  void aPlanNeedsARateAndALength() {
    assertThatThrownBy(() -> new Injectors.Plan(0, 5)).hasMessageContaining("above 0/s");
    assertThatThrownBy(() -> new Injectors.Plan(10, 0)).hasMessageContaining("at least 1 s");
  }

  private static SecondWindow window(long second, long started) {
    return new SecondWindow(second, 0, 0, Distribution.empty(), started, 0, 0);
  }

  private static Path fixture() throws Exception {
    URL url = InjectorsTest.class.getResource("/fixtures/gatling");
    try (Stream<Path> runs = Files.list(Path.of(url.toURI()))) {
      return runs.filter(p -> p.getFileName().toString().startsWith("shopsimulation-"))
          .findFirst()
          .orElseThrow();
    }
  }

  /** {@code n} shard folders holding the same real log, as n injectors of one run would. */
  private static List<Path> copies(Path run, Path tmp, int n) throws Exception {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path dir = Files.createDirectories(tmp.resolve("shard-" + i).resolve(run.getFileName()));
      Files.copy(run.resolve("simulation.log"), dir.resolve("simulation.log"));
      out.add(dir);
    }
    return out;
  }
}
