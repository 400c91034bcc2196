package dev.redline.checker.ingest.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaped runs' headline figures become measurements of their own kind. */
class ShapeFiguresTest {
  @TempDir Path dir;

  private List<Measurement> read(String json) throws Exception {
    Files.writeString(dir.resolve(ShapeFigures.FILE), json);
    return ShapeFigures.read(dir);
  }

  @Test
  void theKneeIsHigherIsBetterInRequestsPerSecond() throws Exception {
    List<Measurement> m = read("{\"shape\": \"stress\", \"knee_rps\": 350.0, \"saturated\": true}");
    assertThat(m)
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.metric()).isEqualTo(Metric.KNEE);
              assertThat(k.value()).isEqualTo(350.0);
              assertThat(k.unit()).isEqualTo("req/s");
              assertThat(k.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
            });
  }

  @Test
  void recoveryAndDriftAreLowerIsBetter() throws Exception {
    assertThat(read("{\"shape\": \"spike\", \"recovery_seconds\": 6}"))
        .singleElement()
        .satisfies(r -> assertThat(r.direction()).isEqualTo(Direction.LOWER_IS_BETTER));
    assertThat(read("{\"shape\": \"soak\", \"change_percent\": -3.5}"))
        .singleElement()
        .satisfies(d -> assertThat(d.key()).isEqualTo("soak p95 drift drift"));
  }

  @Test
  void aFigureNotReachedIsNoMeasurement() throws Exception {
    // No knee (the first level already missed its targets), a spike that never recovered.
    assertThat(read("{\"shape\": \"stress\", \"knee_rps\": 0}")).isEmpty();
    assertThat(
            read(
                "{\"shape\": \"stress\", \"knee_rps\": 250, \"injector_saturated_rps\": 300,"
                    + " \"injector_started_rps\": 240.5}"))
        .isEmpty();
    assertThat(read("{\"shape\": \"spike\", \"recovery_seconds\": -1}")).isEmpty();
    Files.delete(dir.resolve(ShapeFigures.FILE));
    assertThat(ShapeFigures.read(dir)).isEmpty();
  }

  @Test
  void theHeadlineIsTheSimulationsOwnSentence() throws Exception {
    read("{\"shape\": \"stress\", \"summary\": \"CAPACITY KNEE: not measured, the injector\"}");
    assertThat(ShapeFigures.headline(dir)).contains("CAPACITY KNEE: not measured, the injector");
    Files.delete(dir.resolve(ShapeFigures.FILE));
    assertThat(ShapeFigures.headline(dir)).isEmpty();
  }

  @Test
  void aBrokenFileIsNamed() throws Exception {
    Files.writeString(dir.resolve(ShapeFigures.FILE), "{\"shape\": ");
    assertThatThrownBy(() -> ShapeFigures.read(dir))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(ShapeFigures.FILE);
  }
}
