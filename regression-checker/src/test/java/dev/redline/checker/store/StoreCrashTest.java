package dev.redline.checker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.model.Run;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real writer process (SIGKILL) at several moments while it writes runs, then reads the
 * history: every run file must be whole. Only hidden temp files may be left over.
 */
class StoreCrashTest {
  @TempDir Path dir;

  @Test
  void killedWriterNeverLeavesATornRunFile() throws Exception {
    long[] killAfterMillis = {150, 400, 700, 1100};
    for (long delay : killAfterMillis) {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashingWriter.class.getName(),
                  dir.toString())
              .redirectErrorStream(true)
              .start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
        assertThat(out.readLine()).isEqualTo("ready");
        // Killed at different points of its later writes, however slow this machine is now.
        assertThat(out.readLine()).isEqualTo("saved");
        Thread.sleep(delay);
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
    }

    List<Run> runs = new LocalHistoryStore(dir).list(RunQuery.all());

    try (Stream<Path> files = Files.list(dir)) {
      long whole = files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
      assertThat(runs).hasSize((int) whole);
    }
    assertThat(runs).isNotEmpty();
    assertThat(runs).allSatisfy(r -> assertThat(r.measurements()).hasSize(6));
  }
}
