package dev.redline.checker.store.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.decide.Decider;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Run;
import dev.redline.checker.store.RunQuery;
import dev.redline.checker.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The InfluxDB store against a real InfluxDB 1.x, with runs read from the real fixtures. */
class InfluxStoreIT {
  private InfluxSettings settings;
  private InfluxStore store;

  @BeforeEach
  void open() throws Exception {
    settings = InfluxServers.freshDatabase("redline_it");
    store = new InfluxStore(settings);
  }

  @AfterEach
  void dropDatabase() throws Exception {
    if (store == null) {
      return; // skipped: no InfluxDB here (the reason was printed)
    }
    store.run("DROP DATABASE " + InfluxStore.identifier(settings.database()), null);
    store.close();
  }

  @Test
  void createsTheDatabaseWhenMissing() throws Exception {
    assertThat(databases()).doesNotContain(settings.database());

    store.save(FixtureRuns.gatling("shop"));

    assertThat(databases()).contains(settings.database());
  }

  @Test
  void roundTripsGatlingAndJmhRunsExactly() throws Exception {
    Run gatling = FixtureRuns.gatling("shop");
    Run jmh = FixtureRuns.read(FixtureRuns.jmhFiles().get(0));

    store.save(gatling);
    store.save(jmh);

    assertThat(store.load(gatling.id())).contains(gatling);
    assertThat(store.load(jmh.id())).contains(jmh);
    assertThat(store.load("no-such-run")).isEmpty();
  }

  @Test
  void listsNewestFirstAndTakesTheLastGoodRunsOfABranch() throws Exception {
    Run base = FixtureRuns.gatling("shop");
    List<Run> mainRuns = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Run r = FixtureRuns.variant(base, "m" + i, "main", "c" + i, Duration.ofHours(i), 1.0);
      mainRuns.add(r);
      store.save(r);
    }
    store.save(
        FixtureRuns.variant(base, "f", "feature/faster-cart", "cf", Duration.ofHours(9), 1.0));
    store.save(FixtureRuns.gatling("checkout"));
    store.setValidity(mainRuns.get(3).id(), false, "disturbed by a backup job");

    RunQuery mainShop = RunQuery.baselineFor(base, "main");
    assertThat(store.list(mainShop))
        .extracting(Run::id)
        .containsExactly(ids(mainRuns, 4, 3, 2, 1, 0));
    assertThat(store.lastGood(mainShop, 3))
        .extracting(Run::id)
        .containsExactly(ids(mainRuns, 4, 2, 1));
    assertThat(store.load(mainRuns.get(3).id()).orElseThrow().invalidReason())
        .isEqualTo("disturbed by a backup job");
    assertThat(store.list(RunQuery.all())).hasSize(7);

    store.setValidity(mainRuns.get(3).id(), true, "");
    assertThat(store.lastGood(mainShop, 3))
        .extracting(Run::id)
        .containsExactly(ids(mainRuns, 4, 3, 2));
  }

  @Test
  void neverStoresARunTwice() throws Exception {
    Run run = FixtureRuns.gatling("shop");
    assertThat(store.save(run).stored()).isTrue();

    assertThat(store.save(run).stored()).isFalse();
    assertThat(store.list(RunQuery.all())).extracting(Run::id).containsExactly(run.id());
  }

  @Test
  void writesExactlyTheSchemaOfTheDesign() throws Exception {
    Run shop = FixtureRuns.gatling("shop");
    Run slower = FixtureRuns.variant(shop, "slow", "main", "c2", Duration.ofHours(1), 1.5);
    Run jmh = FixtureRuns.read(FixtureRuns.jmhFiles().get(0));
    store.save(shop);
    store.save(slower);
    store.save(jmh);
    List<Verdict> verdicts =
        new Decider(DecisionConfig.defaults())
            .compare("file", List.of(shop), List.of(slower), false)
            .verdicts();
    store.saveVerdicts(slower, verdicts);

    assertThat(keys("SHOW TAG KEYS FROM \"gatling_request\""))
        .containsExactlyInAnyOrder("suite", "profile", "request", "branch", "commit", "machine");
    assertThat(keys("SHOW FIELD KEYS FROM \"gatling_request\""))
        .containsExactlyInAnyOrder(
            "count",
            "ok",
            "ko",
            "error_rate",
            "rps",
            "mean_ms",
            "p50_ms",
            "p75_ms",
            "p95_ms",
            "p99_ms",
            "max_ms",
            "run_id",
            "valid");
    assertThat(keys("SHOW TAG KEYS FROM \"gatling_window\""))
        .containsExactlyInAnyOrder("suite", "profile", "request", "branch", "commit", "machine");
    assertThat(keys("SHOW FIELD KEYS FROM \"gatling_window\""))
        .containsExactlyInAnyOrder("rps", "p95_ms", "active_users", "ko");
    assertThat(keys("SHOW TAG KEYS FROM \"jmh_benchmark\""))
        .containsExactlyInAnyOrder(
            "benchmark", "mode", "params", "profile", "unit", "branch", "commit", "machine");
    assertThat(keys("SHOW FIELD KEYS FROM \"jmh_benchmark\""))
        .containsExactlyInAnyOrder(
            "score",
            "score_error",
            "ci_low",
            "ci_high",
            "samples",
            "alloc_bytes_per_op",
            "run_id",
            "valid");
    assertThat(keys("SHOW TAG KEYS FROM \"verdict\""))
        .containsExactlyInAnyOrder(
            "measurement", "status", "suite", "profile", "branch", "commit", "machine");
    assertThat(keys("SHOW FIELD KEYS FROM \"verdict\""))
        .containsExactlyInAnyOrder(
            "baseline",
            "current",
            "change_pct",
            "ci_low_pct",
            "ci_high_pct",
            "p_value",
            "threshold_pct");
    // Tags carry no ids: no tag value anywhere contains a run id.
    for (QueryResult.Series s : store.query("SHOW TAG VALUES WITH KEY =~ /.*/")) {
      for (List<Object> row : s.getValues()) {
        assertThat(String.valueOf(row.get(1))).doesNotContain(shop.id()).doesNotContain(jmh.id());
      }
    }
    assertThat(values("SHOW TAG VALUES FROM \"verdict\" WITH KEY = \"status\""))
        .contains("regression");
  }

  private Set<String> databases() throws StoreException {
    return values("SHOW DATABASES", null);
  }

  private Set<String> keys(String q) throws StoreException {
    Set<String> out = new TreeSet<>();
    for (QueryResult.Series s : store.query(q)) {
      for (List<Object> row : s.getValues()) {
        out.add(String.valueOf(row.get(0)));
      }
    }
    return out;
  }

  private Set<String> values(String q) throws StoreException {
    Set<String> out = new TreeSet<>();
    for (QueryResult.Series s : store.query(q)) {
      for (List<Object> row : s.getValues()) {
        out.add(String.valueOf(row.get(row.size() - 1)));
      }
    }
    return out;
  }

  private Set<String> values(String q, String db) throws StoreException {
    Set<String> out = new TreeSet<>();
    for (QueryResult.Series s : store.run(q, db)) {
      if (s.getValues() != null) {
        for (List<Object> row : s.getValues()) {
          out.add(String.valueOf(row.get(0)));
        }
      }
    }
    return out;
  }

  private static String[] ids(List<Run> runs, int... idx) {
    String[] out = new String[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = runs.get(idx[i]).id();
    }
    return out;
  }
}
