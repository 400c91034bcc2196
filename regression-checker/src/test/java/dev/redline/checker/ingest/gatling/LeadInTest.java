package dev.redline.checker.ingest.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.model.Samples.Distribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window split of a local run: the lead-in's requests (group {@code lead-in}) and users
 * (scenario {@code lead-in ...}) are in Gatling's log and report, but in no figure.
 */
class LeadInTest {
  private static final long START = 1_764_000_000_000L;

  @TempDir Path tmp;

  @Test
  void theLeadInIsLeftOutOfEveryFigure() throws Exception {
    Path log = Files.createDirectories(tmp.resolve("plain")).resolve("simulation.log");
    try (SimulationLogWriter w = new SimulationLogWriter(log)) {
      w.run(
          new SimulationLogDecoder.RunHeader(
              SimulationLogDecoder.GATLING_VERSION,
              "dev.redline.simulations.LocalRunSimulation",
              START,
              "",
              List.of("lead-in mixed", "run mixed"),
              List.of()));
      // Lead-in: a cold injector, 300 ms responses in the first 3 s.
      for (int i = 0; i < 3; i++) {
        w.user(0, true, i * 1000);
        w.request(new String[] {"lead-in"}, "GET /config", i * 1000, i * 1000 + 300, true, "");
        w.group(new String[] {"lead-in"}, i * 1000, i * 1000 + 300, 300, true);
        w.user(0, false, i * 1000 + 300);
      }
      // The window: 5 ms responses from 3 s to 9 s, one failed.
      for (int i = 3; i < 9; i++) {
        w.user(1, true, i * 1000);
        w.request(new String[0], "GET /config", i * 1000, i * 1000 + 5, i != 5, "");
        w.user(1, false, i * 1000 + 5);
      }
    }

    GatlingRun window = new GatlingLogReader("lead-in").read(log);
    assertThat(window.requests()).extracting(RequestStats::name).containsExactly("GET /config");
    assertThat(window.total().count()).isEqualTo(6);
    assertThat(window.total().okTimesMs()).isEqualTo(Distribution.ofMillis(5, 5, 5, 5, 5));
    assertThat(window.users()).containsOnlyKeys("run mixed");
    assertThat(window.users().get("run mixed").started()).isEqualTo(6);
    assertThat(window.startEpochMs()).isEqualTo(START + 3_000);

    GatlingRun all = new GatlingLogReader().read(log);
    assertThat(all.total().count()).isEqualTo(9);
    assertThat(all.requests())
        .extracting(RequestStats::name)
        .containsExactly("GET /config", "lead-in / GET /config");
    assertThat(all.startEpochMs()).isEqualTo(START);
  }
}
