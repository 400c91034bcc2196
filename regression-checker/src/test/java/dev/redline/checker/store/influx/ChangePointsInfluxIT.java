package dev.redline.checker.store.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.changepoint.ChangePointReview;
import dev.redline.checker.changepoint.EDivisive;
import dev.redline.checker.changepoint.Nights;
import dev.redline.checker.model.Run;
import dev.redline.checker.store.LocalHistoryStore;
import dev.redline.checker.store.RunQuery;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change points through a real InfluxDB: written as the dashboards read them, and an
 * acknowledgement survives a history folder that starts empty (the nightly job's lost cache).
 */
class ChangePointsInfluxIT {
  private static final RunQuery ALL = new RunQuery(null, null, null, null);

  @TempDir Path tmp;
  private InfluxSettings settings;
  private InfluxStore influx;

  @BeforeEach
  void open() throws Exception {
    settings = InfluxServers.freshDatabase("redline_cp");
    influx = new InfluxStore(settings);
  }

  @AfterEach
  void dropDatabase() throws Exception {
    if (influx == null) {
      return; // skipped: no InfluxDB here (the reason was printed)
    }
    influx.run("DROP DATABASE " + InfluxStore.identifier(settings.database()), null);
    influx.close();
  }

  private BufferedInfluxStore store(Path history) throws Exception {
    return new BufferedInfluxStore(
        new LocalHistoryStore(history), new InfluxStore(settings), line -> {});
  }

  @Test
  void anAcknowledgementSurvivesALostHistoryFolder() throws Exception {
    Path nightOne = tmp.resolve("cache-one");
    String id;
    try (BufferedInfluxStore s = store(nightOne)) {
      for (Run r : Nights.of(Nights.step(40, 1000, 30, 1.15))) {
        s.save(r);
      }
      ChangePointReview review = new ChangePointReview(s, nightOne, EDivisive.defaults());
      ChangePointReview.Review r = review.review(ALL, Instant.parse("2026-07-11T03:00:00Z"));
      assertThat(r.fresh()).hasSize(1);
      id = r.fresh().get(0).id();
      review.acknowledge(ALL, id, "bigger payload", Instant.parse("2026-07-11T09:00:00Z"));
    }
    List<QueryResult.Series> points =
        influx.query("SELECT \"id\", \"acknowledged\", \"reason\", \"text\" FROM \"change_point\"");
    assertThat(points).hasSize(1);
    assertThat(points.get(0).getValues()).hasSize(1);
    assertThat(points.get(0).getValues().get(0))
        .contains(id, true, "bigger payload")
        .anySatisfy(v -> assertThat(String.valueOf(v)).contains(Nights.KEY + " +14.9%"));

    Path emptyCache = tmp.resolve("cache-two");
    try (BufferedInfluxStore s = store(emptyCache)) {
      ChangePointReview.Review r =
          new ChangePointReview(s, emptyCache, EDivisive.defaults())
              .review(ALL, Instant.parse("2026-07-12T03:00:00Z"));
      assertThat(r.runs()).isEqualTo(40);
      assertThat(r.fresh()).isEmpty();
      assertThat(r.all())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.id()).isEqualTo(id);
                assertThat(c.acknowledged()).isTrue();
                assertThat(c.reason()).isEqualTo("bigger payload");
              });
    }
    assertThat(new dev.redline.checker.store.ChangePointLog(emptyCache).get(id))
        .get()
        .extracting(e -> e.acknowledged())
        .isEqualTo(true);
  }
}
