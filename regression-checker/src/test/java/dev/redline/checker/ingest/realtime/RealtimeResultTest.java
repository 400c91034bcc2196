package dev.redline.checker.ingest.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealtimeResultTest {

  @TempDir Path dir;

  @Test
  void readsEachHistogramIntoLatencyMeasurementsWithItsSamples() throws Exception {
    Path run = dir.resolve("run");
    Files.createDirectories(run.resolve("realtime"));
    // 100 deliveries: 90 at 2 ms, 8 at 5 ms, 2 at 40 ms; a split bin merges; connects 3 values.
    Files.writeString(
        run.resolve("realtime/result.tsv"),
        "# RealtimeLoad result: measurement, ms, count\n"
            + "WS /ws connect\t10.50\t1\n"
            + "WS /ws connect\t12.00\t2\n"
            + "WS /ws delivery\t2.00\t50\n"
            + "WS /ws delivery\t5.00\t8\n"
            + "WS /ws delivery\t40.00\t2\n"
            + "WS /ws delivery\t2.00\t40\n");
    assertThat(RealtimeResult.present(run)).isTrue();
    List<Measurement> ms = RealtimeResult.readFolder(run);
    assertThat(ms).hasSize(8);
    assertThat(find(ms, "WS /ws delivery", Metric.P50).value()).isEqualTo(2.0);
    assertThat(find(ms, "WS /ws delivery", Metric.P95).value()).isEqualTo(5.0);
    assertThat(find(ms, "WS /ws delivery", Metric.P99).value()).isEqualTo(40.0);
    assertThat(find(ms, "WS /ws delivery", Metric.MEAN).value())
        .isCloseTo((90 * 2 + 8 * 5 + 2 * 40) / 100.0, org.assertj.core.data.Offset.offset(1e-9));
    Measurement p99 = find(ms, "WS /ws delivery", Metric.P99);
    assertThat(p99.unit()).isEqualTo("ms");
    assertThat(p99.samples().size()).isEqualTo(100);
    assertThat(((Samples.Distribution) p99.samples()).values()).containsExactly(2.0, 5.0, 40.0);
    assertThat(find(ms, "WS /ws connect", Metric.P50).value()).isEqualTo(12.0);
    assertThat(p99.tags()).containsEntry("request", "WS /ws delivery");
  }

  @Test
  void refusesABadLineNamingTheFileAndTheLine() throws Exception {
    Path f = dir.resolve("bad.tsv");
    Files.writeString(f, "WS /ws delivery\t2.00\t5\nWS /ws delivery\tfast\t1\n");
    assertThatThrownBy(() -> RealtimeResult.read(f))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "Line 2 of the WebSocket result "
                + f
                + " has 'fast' ms and '1' count, expected numbers.");
    Files.writeString(f, "WS /ws delivery 2.00 5\n");
    assertThatThrownBy(() -> RealtimeResult.read(f))
        .hasMessageContaining("Line 1")
        .hasMessageContaining("1 tab-separated");
    Files.writeString(f, "# nothing\n");
    assertThatThrownBy(() -> RealtimeResult.read(f)).hasMessageContaining("holds no measurement");
    Files.writeString(f, "WS /ws delivery\t-1\t5\n");
    assertThatThrownBy(() -> RealtimeResult.read(f)).hasMessageContaining("needs ms >= 0");
  }

  private static Measurement find(List<Measurement> ms, String name, Metric m) {
    return ms.stream()
        .filter(x -> x.name().equals(name) && x.metric() == m)
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " " + m + " in " + ms));
  }
}
