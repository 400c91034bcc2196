package dev.redline.checker.ingest.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speed tool's synthetic logs are valid 3.15.1 logs that read back exactly. */
class SyntheticLogGeneratorTest {

  @Test
  void syntheticLogReadsBackWithEveryRequest(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("simulation.log");
    SyntheticLogGenerator.write(log, 40_000, 7);

    GatlingRun run = new GatlingLogReader().read(log);

    assertThat(run.total().count()).isEqualTo(40_000);
    assertThat(run.requests()).hasSize(4);
    assertThat(run.request("GET /health").count()).isEqualTo(10_000);
    assertThat(run.request("POST /sessions").ko()).isBetween(300L, 700L);
    assertThat(run.request("GET /health").ko()).isZero();
    assertThat(run.durationSeconds()).isBetween(20L, 21L);
    assertThat(run.users()).containsEntry("synthetic", new GatlingRun.UserCount(10_000, 10_000));
    // seeded: the same arguments give the same bytes
    Path again = tmp.resolve("again.log");
    SyntheticLogGenerator.write(again, 40_000, 7);
    assertThat(Files.mismatch(log, again)).isEqualTo(-1);
  }
}
