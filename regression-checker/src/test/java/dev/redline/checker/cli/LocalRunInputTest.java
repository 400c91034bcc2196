package dev.redline.checker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder {@code redline run} prints is read as its window, with the run's own record of how it
 * was measured: suite, history profile, validity, and no arrival rate to compare.
 */
class LocalRunInputTest {
  @TempDir Path tmp;

  private Path localRun(String properties) throws Exception {
    Path fixture = Path.of(getClass().getResource("/fixtures/gatling").toURI());
    Path source;
    try (Stream<Path> s = Files.list(fixture)) {
      source = s.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
    }
    Path runDir = tmp.resolve("20261130T010000Z-mixed-load");
    Path window = Files.createDirectories(runDir.resolve("window").resolve(source.getFileName()));
    Files.copy(source.resolve("simulation.log"), window.resolve("simulation.log"));
    Files.createDirectories(runDir.resolve("warmup-local"));
    Files.writeString(window.resolve("redline-run.properties"), properties);
    return runDir;
  }

  @Test
  void theRunFolderIsReadAsItsWindowWithItsValidity() throws Exception {
    Path runDir =
        localRun(
            "suite=mixed\nprofile=load-smoke\nopenModel=true\nvalid=false\n"
                + "invalidReason=not steady\nvalidity.achievedRps=19.900\n");
    Run run = Inputs.read(runDir, new RunOptions());

    assertThat(run.suite()).isEqualTo("mixed");
    assertThat(run.profile()).isEqualTo("load-smoke");
    assertThat(run.valid()).isFalse();
    assertThat(run.invalidReason()).isEqualTo("not steady");
    assertThat(run.provenance()).containsEntry("run.validity.achievedRps", "19.900");
    assertThat(run.measurements()).noneMatch(m -> m.metric() == Metric.RPS);
    assertThat(run.measurements()).anyMatch(m -> m.metric() == Metric.P95);
  }

  @Test
  void aClosedModelKeepsItsRateAndTheUsersProfileWins() throws Exception {
    Path runDir = localRun("suite=websocket\nprofile=load\nopenModel=false\nvalid=true\n");
    RunOptions o = new RunOptions();
    o.profile = "nightly";
    Run run = Inputs.read(runDir, o);

    assertThat(run.valid()).isTrue();
    assertThat(run.profile()).isEqualTo("nightly");
    assertThat(run.measurements()).anyMatch(m -> m.metric() == Metric.RPS);
  }

  @Test
  void theHistoryIdIsTheFolderNameRunPrintedAndEitherNamesTheRun() throws Exception {
    Path runDir =
        localRun("id=20261130T010000Z-mixed-load\nsuite=mixed\nprofile=load\nopenModel=true\n");
    assertThat(Inputs.read(runDir, new RunOptions()).id()).isEqualTo("20261130T010000Z-mixed-load");

    String history = tmp.resolve("history").toString();
    Cli.Result ingest = Cli.redline("ingest", "--history", history, runDir.toString());
    assertThat(ingest.code()).isZero();
    assertThat(ingest.out()).contains("20261130T010000Z-mixed-load");
    Cli.Result byPath =
        Cli.redline("history", "--history", history, "--invalidate", runDir.toString());
    assertThat(byPath.code()).isZero();
    assertThat(byPath.out()).contains("Run 20261130T010000Z-mixed-load is now invalid.");
    Cli.Result byId =
        Cli.redline("history", "--history", history, "--validate", runDir.getFileName().toString());
    assertThat(byId.code()).isZero();
    assertThat(Cli.redline("history", "--history", history).out())
        .contains("20261130T010000Z-mixed-load");
  }

  @Test
  void aBareIdNamesTheLocalRunFolder() throws Exception {
    Path runs = tmp.resolve("runs");
    Files.createDirectories(runs.resolve("20261130T010000Z-mixed-load"));

    assertThat(PathArguments.localRun("20261130T010000Z-mixed-load", runs))
        .contains(runs.resolve("20261130T010000Z-mixed-load"));
    assertThat(PathArguments.localRun("20261130T020000Z-mixed-load", runs)).isEmpty();
    assertThat(PathArguments.localRun("../runs", runs)).isEmpty();
  }
}
