package dev.redline.checker.store.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.ingest.gatling.ShapeFigures;
import dev.redline.checker.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shaped run's headline figure is a field of its own in InfluxDB, not only in the run's JSON. */
class ShapeFigurePointsTest {
  @TempDir Path dir;

  private Run run(String json) throws Exception {
    Files.writeString(dir.resolve(ShapeFigures.FILE), json);
    return Run.builder()
        .id("r1")
        .suite("mixed")
        .profile("stress")
        .source("gatling")
        .startedAt(Instant.parse("2026-11-30T05:00:00Z"))
        .measurements(ShapeFigures.read(dir))
        .build();
  }

  @Test
  void theKneeRecoveryAndDriftAreFieldsOfTheirRequestPoint() throws Exception {
    assertThat(InfluxSchema.runBatch(run("{\"shape\": \"stress\", \"knee_rps\": 350}")))
        .containsPattern("gatling_request,.*request=stress\\\\ knee.* .*knee_rps=350\\.0");
    assertThat(InfluxSchema.runBatch(run("{\"shape\": \"spike\", \"recovery_seconds\": 6}")))
        .containsPattern("request=spike\\\\ recovery.* .*recovery_s=6\\.0");
    assertThat(InfluxSchema.runBatch(run("{\"shape\": \"soak\", \"change_percent\": -3.5}")))
        .containsPattern("request=soak\\\\ p95\\\\ drift.* .*drift_pct=-3\\.5");
  }
}
