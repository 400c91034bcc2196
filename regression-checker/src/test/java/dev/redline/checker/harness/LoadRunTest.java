package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.cli.RunOptions;
import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gate round's arrival rate is its input: checked, never compared. */
class LoadRunTest {
  @TempDir Path tmp;

  @Test
  void aGateRoundIsReadWithoutItsArrivalRate() throws Exception {
    Path fixture =
        Path.of(
            getClass().getResource("/fixtures/gatling/shopsimulation-20261127001050258").toURI());
    Path round = Files.createDirectories(tmp.resolve("prsimulation-1"));
    Files.copy(fixture.resolve("simulation.log"), round.resolve("simulation.log"));
    assertThat(Inputs.read(round, new RunOptions()).measurements())
        .anyMatch(m -> m.metric() == Metric.RPS);

    LoadRun.markArrivalRateAsInput(round, 40, 15);
    Run run = Inputs.read(round, new RunOptions());

    assertThat(run.measurements()).noneMatch(m -> m.metric() == Metric.RPS);
    assertThat(run.measurements()).anyMatch(m -> m.metric() == Metric.P95);
    assertThat(run.provenance()).containsEntry("run.rps", "40").containsEntry("run.seconds", "15");
    assertThat(run.suite()).isEqualTo("ShopSimulation");
  }
}
