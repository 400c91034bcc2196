package dev.redline.checker.ingest.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run with several injectors ({@code redline run --injectors N}) leaves {@code
 * window/shard-i/<gatling run>}: read back as one run, the shards' logs merged exactly.
 */
class ShardedWindowTest {

  @Test
  void aShardedLocalRunReadsAsTheMergeOfItsShards(@TempDir Path tmp) throws Exception {
    Path whole = Fixtures.runFolders().get(0);
    Path window = Files.createDirectories(tmp.resolve("20261130T060000Z-mixed-load/window"));
    Path a = Files.createDirectories(window.resolve("shard-0/run-a"));
    Path b = Files.createDirectories(window.resolve("shard-1/run-b"));
    GatlingMergeTest.split(
        whole.resolve("simulation.log"), a.resolve("simulation.log"), b.resolve("simulation.log"));
    Files.writeString(
        window.resolve(RunFolders.RUN_PROPERTIES),
        "suite=mixed\nprofile=load\ninjectors=2\nshard.0=shard 0/2\\: valid\n"
            + "shard.1=shard 1/2\\: valid\nvalid=true\n");

    assertThat(RunFolders.shards(window)).containsExactly(a, b);
    Run sharded = Inputs.read(window.getParent(), null);
    Run one = Inputs.read(whole, null);

    assertThat(sharded.suite()).isEqualTo("mixed");
    assertThat(sharded.provenance()).containsEntry("run.injectors", "2");
    assertThat(sharded.provenance()).containsKey("run.shard.1");
    assertThat(sharded.measurements()).isEqualTo(one.measurements());
  }

  @Test
  void anUnshardedWindowHasNoShards(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("window/some-run"));
    assertThat(RunFolders.shards(tmp.resolve("window"))).isEmpty();
  }
}
