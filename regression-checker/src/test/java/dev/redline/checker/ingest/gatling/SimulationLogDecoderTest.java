package dev.redline.checker.ingest.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.model.Samples.Distribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationLogDecoderTest {
  private static final long START = 1_700_000_000_000L;

  @TempDir Path tmp;

  @Test
  void decodesNonLatinNamesGroupsAndErrors() throws Exception {
    // A folder that is not a Gatling run folder name: JUnit's own temp folder names
    // ("junit-<random digits>") sometimes look like one, which would change the simulation id.
    Path log = Files.createDirectories(tmp.resolve("plain")).resolve("simulation.log");
    try (SimulationLogWriter w = new SimulationLogWriter(log)) {
      w.run(
          new SimulationLogDecoder.RunHeader(
              SimulationLogDecoder.GATLING_VERSION,
              "fixtures.Intl",
              START,
              "desc",
              List.of("β-users"),
              List.of()));
      w.user(0, true, 0);
      w.request(new String[] {"checkout", "pay"}, "POST /支付", 10, 35, true, "");
      w.request(new String[] {"checkout", "pay"}, "POST /支付", 1_010, 1_012, false, "found 500");
      w.request(new String[0], "GET /a\tb", 20, 21, true, "");
      w.group(new String[] {"checkout"}, 5, 1_020, 27, false);
      w.error("crash\nhere", 1_500);
      w.user(0, false, 2_000);
    }

    GatlingRun run = new GatlingLogReader().read(log);

    assertThat(run.scenarios()).containsExactly("β-users");
    assertThat(run.runDescription()).isEqualTo("desc");
    assertThat(run.requests())
        .extracting(RequestStats::name)
        .containsExactly("GET /a b", "checkout / pay / POST /支付");
    RequestStats pay = run.request("checkout / pay / POST /支付");
    assertThat(pay.groups()).containsExactly("checkout", "pay");
    assertThat(pay.requestName()).isEqualTo("POST /支付");
    assertThat(pay.okTimesMs()).isEqualTo(Distribution.ofMillis(25));
    assertThat(pay.koTimesMs()).isEqualTo(Distribution.ofMillis(2));
    assertThat(run.errors()).containsEntry("found 500", 1L).containsEntry("crash here", 1L);
    assertThat(run.startEpochMs()).isEqualTo(START);
    assertThat(run.endEpochMs()).isEqualTo(START + 2_000);
    assertThat(run.durationSeconds()).isEqualTo(2);
    assertThat(run.total().rps()).isEqualTo(1.5);
    assertThat(run.users()).containsEntry("β-users", new GatlingRun.UserCount(1, 1));
    assertThat(run.windows()).hasSize(3);
    assertThat(run.windows()).extracting(SecondWindow::activeUsers).containsExactly(1L, 1L, 1L);
    assertThat(run.windows().get(1).ko()).isEqualTo(1);
    assertThat(run.simulationId()).isEqualTo("intl");
  }

  @Test
  void countsRecordsInFileOrder() throws Exception {
    // A folder that is not a Gatling run folder name: JUnit's own temp folder names
    // ("junit-<random digits>") sometimes look like one, which would change the simulation id.
    Path log = Files.createDirectories(tmp.resolve("plain")).resolve("simulation.log");
    try (SimulationLogWriter w = new SimulationLogWriter(log)) {
      w.run(
          new SimulationLogDecoder.RunHeader(
              SimulationLogDecoder.GATLING_VERSION, "x.Y", START, "", List.of("s"), List.of()));
      for (int i = 0; i < 10; i++) {
        w.request(new String[0], "GET /" + (i % 3), i, i + 1, true, "");
      }
    }
    List<String> names = new java.util.ArrayList<>();
    long records =
        SimulationLogDecoder.decode(
            log,
            new SimulationLogDecoder.RecordVisitor() {
              @Override
              public void run(SimulationLogDecoder.RunHeader header) {}

              @Override
              public void request(
                  String[] groups, String name, int startMs, int endMs, boolean ok, String m) {
                names.add(name);
              }

              @Override
              public void user(int scenarioIndex, boolean start, int timeMs) {}
            });
    assertThat(records).isEqualTo(11);
    assertThat(names)
        .containsExactly(
            "GET /0", "GET /1", "GET /2", "GET /0", "GET /1", "GET /2", "GET /0", "GET /1",
            "GET /2", "GET /0");
  }
}
