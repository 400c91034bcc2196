package dev.redline.checker.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each result goes to its importer by what it holds, whatever its file is called. */
class InputsTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  @TempDir Path tmp;

  private Path copy(Path fixture, String name) throws Exception {
    return Files.copy(fixture, tmp.resolve(name));
  }

  @Test
  void picksTheImporterByContentNotByName() throws Exception {
    Path jmh = copy(FIXTURES.resolve("jmh/join-thrpt-avgt-sample.json"), "jmh-result.txt");
    Path k6 = copy(FIXTURES.resolve("k6/shop-baseline.json"), "results.log");
    Path gatling;
    try (var runs = Files.list(FIXTURES.resolve("gatling"))) {
      Path run = runs.filter(p -> p.getFileName().toString().startsWith("shop")).findFirst().get();
      gatling = copy(run.resolve("simulation.log"), "shop.json");
    }
    Path ws = tmp.resolve("ws.json");
    Files.writeString(ws, "WS /ws delivery\t2.00\t50\nWS /ws delivery\t5.00\t8\n");

    assertThat(Inputs.read(jmh, null).source()).isEqualTo("jmh");
    assertThat(Inputs.read(k6, null).source()).isEqualTo("k6");
    assertThat(Inputs.read(gatling, null).source()).isEqualTo("gatling");
    assertThat(Inputs.read(ws, null).source()).isEqualTo("realtime");
  }

  @Test
  void aWebSocketResultWithItsHeaderOnlyIsNamedAsOne() throws Exception {
    Path empty = tmp.resolve("result.tsv");
    Files.writeString(empty, "# RealtimeLoad result: measurement, ms, count\n");

    assertThatThrownBy(() -> Inputs.read(empty, null))
        .hasMessage("The WebSocket result " + empty + " holds no measurement.");
  }

  @Test
  void anEmptyOrUnknownFileIsOneSentenceNamingIt() throws Exception {
    Path empty = Files.createFile(tmp.resolve("result.json"));
    Path unknown = tmp.resolve("report.html");
    Files.writeString(unknown, "<!DOCTYPE html>\n<html>");

    assertThatThrownBy(() -> Inputs.read(empty, null))
        .hasMessage("The result file " + empty + " is empty.");
    assertThatThrownBy(() -> Inputs.read(unknown, null))
        .hasMessageStartingWith("The result file " + unknown + " is none of the results")
        .hasMessageEndingWith("it starts with '<!DOCTYPE html>?<html>'.");
  }

  @Test
  void onlyGatlingRunsMerge() throws Exception {
    Path k6 = copy(FIXTURES.resolve("k6/shop-baseline.json"), "results.json");

    assertThatThrownBy(() -> Inputs.readMerged(java.util.List.of(k6, k6), null))
        .hasMessage("Only Gatling runs can be merged, but " + k6 + " is a k6 JSON output.");
  }
}
