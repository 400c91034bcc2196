package dev.redline.checker.store.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.decide.Decider;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Run;
import dev.redline.checker.store.LocalHistoryStore;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.RunQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops a real {@code influxd} in the middle of a series of saves: every run lands in the local
 * history, what could not be sent stays pending, and after a restart and a flush InfluxDB holds
 * every point exactly once.
 */
class OutageInfluxIT {
  @TempDir Path history;
  private InfluxdProcess influxd;
  private InfluxSettings settings;

  @BeforeEach
  void startOwnInfluxd() throws Exception {
    Assumptions.assumeTrue(
        InfluxdProcess.binary().isPresent(),
        "No influxd (INFLUX_BIN or PATH): this test stops and restarts its own server.");
    influxd = InfluxdProcess.start(InfluxdProcess.binary().get());
    settings = new InfluxSettings(influxd.url(), "redline_outage", null, null);
  }

  @AfterEach
  void stopInfluxd() throws Exception {
    if (influxd != null) {
      influxd.close();
    }
  }

  @Test
  void keepsRunsLocallyWhileInfluxIsDownAndSendsEachPointExactlyOnceAfterwards() throws Exception {
    Run shop = FixtureRuns.gatling("shop");
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      runs.add(
          FixtureRuns.variant(
              shop, "r" + i, "main", "c" + i, Duration.ofMinutes(10L * i), 1.0 + i * 0.05));
    }
    List<Verdict> verdicts =
        new Decider(DecisionConfig.defaults())
            .compare("file", List.of(runs.get(0)), List.of(runs.get(3)), false)
            .verdicts();
    LocalHistoryStore local = new LocalHistoryStore(history);
    List<String> notices = new ArrayList<>();

    // 1. Up: two runs go straight through.
    try (BufferedInfluxStore store = open(local, notices)) {
      assertThat(store.save(runs.get(0)).where()).startsWith("InfluxDB " + influxd.url());
      store.save(runs.get(1));
      assertThat(store.outbox().pending()).isEmpty();
    }
    assertThat(notices).isEmpty();

    // 2. Down mid-way: two runs and a set of verdicts land locally and stay pending.
    influxd.stop();
    try (BufferedInfluxStore store = open(local, notices)) {
      ResultStore.Saved pending = store.save(runs.get(2));
      assertThat(pending.where())
          .startsWith("local history " + local.dir())
          .contains("is unreachable")
          .contains("waits in the outbox as " + store.outbox().pending().get(0).file());
      store.save(runs.get(3));
      store.saveVerdicts(runs.get(3), verdicts);
      assertThat(store.outbox().pending())
          .extracting(Outbox.Entry::kind)
          .containsExactly("run", "run", "verdicts");
      // Reads fall back to the local history, which has every run.
      assertThat(store.lastGood(RunQuery.baselineFor(shop, "main"), 10)).hasSize(4);
    }
    assertThat(local.list(RunQuery.all())).hasSize(4);
    assertThat(notices).hasSize(1);
    assertThat(notices.get(0))
        .contains("is unreachable")
        .contains("2 run(s) kept in local history")
        .contains("3 batch(es) pending")
        .contains("redline flush")
        .doesNotContain("\n");
    notices.clear();

    // 3. Back: the next command sends what is pending before doing its own work.
    influxd.start();
    try (BufferedInfluxStore store = open(local, notices)) {
      assertThat(store.outbox().pending()).isEmpty();
      store.save(runs.get(4));
      store.save(runs.get(5));
      assertThat(store.flush().complete()).isTrue();
    }
    assertThat(notices).singleElement().asString().startsWith("Sent 3 batch(es) left pending");

    // 4. A batch sent again (a crash between the write and deleting the outbox file) overwrites
    //    itself instead of adding points.
    try (InfluxStore influx = new InfluxStore(settings)) {
      influx.write(InfluxSchema.runBatch(runs.get(2)));
      influx.write(InfluxSchema.verdictBatch(runs.get(3), verdicts));

      long requestsPerRun = InfluxSchema.gatlingRequestPoints(shop).size();
      long windowsPerRun = shop.windows().size();
      assertThat(count(influx, "SELECT count(\"run_id\") FROM \"run\"")).isEqualTo(6);
      assertThat(count(influx, "SELECT count(\"run_id\") FROM \"gatling_request\""))
          .isEqualTo(6 * requestsPerRun);
      assertThat(count(influx, "SELECT count(\"ko\") FROM \"gatling_window\""))
          .isEqualTo(6 * windowsPerRun);
      assertThat(count(influx, "SELECT count(\"threshold_pct\") FROM \"verdict\""))
          .isEqualTo(InfluxSchema.countLines(InfluxSchema.verdictBatch(runs.get(3), verdicts)));
      assertThat(influx.list(RunQuery.all()))
          .extracting(Run::id)
          .containsExactlyInAnyOrderElementsOf(runs.stream().map(Run::id).toList());
      assertThat(influx.load(runs.get(2).id())).contains(runs.get(2));
    }
    assertThat(Files.list(history.resolve(Outbox.FOLDER))).isEmpty();
  }

  private BufferedInfluxStore open(LocalHistoryStore local, List<String> notices) throws Exception {
    return new BufferedInfluxStore(local, new InfluxStore(settings), notices::add);
  }

  private static long count(InfluxStore influx, String q) throws Exception {
    List<QueryResult.Series> series = influx.query(q);
    assertThat(series).hasSize(1);
    return ((Number) series.get(0).getValues().get(0).get(1)).longValue();
  }
}
