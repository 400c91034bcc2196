package dev.redline.checker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHistoryStoreTest {
  @TempDir Path dir;

  @Test
  void readsBackWhatItSaved() throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(dir);
    Run run = StoreFixtures.run("r1", "main", Instant.parse("2025-01-01T10:00:00Z"), 5000, 1);

    store.save(run);
    Run back = store.load("r1").orElseThrow();

    assertThat(back).isEqualTo(run);
    assertThat(back.measurement("GET /dashboard/stats p95").orElseThrow().value())
        .isEqualTo(run.measurement("GET /dashboard/stats p95").orElseThrow().value());
    // The four latency metrics share one stored distribution.
    assertThat(back.measurements().get(0).samples()).isSameAs(back.measurements().get(1).samples());
  }

  @Test
  void listsNewestFirstAndFiltersByBranch() throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(dir);
    store.save(StoreFixtures.run("a", "main", Instant.parse("2025-01-01T10:00:00Z"), 100, 1));
    store.save(StoreFixtures.run("b", "main", Instant.parse("2025-01-03T10:00:00Z"), 100, 2));
    store.save(StoreFixtures.run("c", "feature", Instant.parse("2025-01-04T10:00:00Z"), 100, 3));
    store.save(StoreFixtures.run("d", "main", Instant.parse("2025-01-02T10:00:00Z"), 100, 4));

    List<Run> main = store.list(new RunQuery(null, null, "main", null));

    assertThat(main).extracting(Run::id).containsExactly("b", "d", "a");
  }

  @Test
  void lastGoodSkipsInvalidRuns() throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(dir);
    store.save(StoreFixtures.run("a", "main", Instant.parse("2025-01-01T10:00:00Z"), 100, 1));
    store.save(StoreFixtures.run("b", "main", Instant.parse("2025-01-02T10:00:00Z"), 100, 2));
    store.save(StoreFixtures.run("c", "main", Instant.parse("2025-01-03T10:00:00Z"), 100, 3));
    store.setValidity("c", false, "disturbed by a backup job");

    assertThat(store.lastGood(RunQuery.all(), 2)).extracting(Run::id).containsExactly("b", "a");
    assertThat(store.load("c").orElseThrow().invalidReason())
        .isEqualTo("disturbed by a backup job");
  }

  @Test
  void neverOverwritesAStoredRun() throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(dir);
    Run run = StoreFixtures.run("r1", "main", Instant.EPOCH, 100, 1);
    assertThat(store.save(run).stored()).isTrue();

    ResultStore.Saved again = store.save(StoreFixtures.run("r1", "other", Instant.EPOCH, 10, 9));

    assertThat(again.stored()).isFalse();
    assertThat(again.where()).contains(dir.toString());
    assertThat(store.load("r1").orElseThrow()).isEqualTo(run);
  }

  @Test
  void failedWriteLeavesNoFileAndNoTempFile() throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(dir);
    Path target = dir.resolve("broken.json");

    assertThatThrownBy(
            () ->
                store.writeAtomically(
                    target,
                    out -> {
                      out.write("{\"format\":\"redline-run/1\",".getBytes());
                      throw new IOException("disk full");
                    },
                    true))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("disk full");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactly(HistoryWriters.LOCK_FILE);
    }
  }

  @Test
  void ignoresLeftoverTempFileOfACrashedWrite() throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(dir);
    store.save(StoreFixtures.run("r1", "main", Instant.EPOCH, 100, 1));
    Files.writeString(dir.resolve(".r2.json12345.tmp"), "{\"format\":\"redline-run/1\",\"id\":");

    assertThat(store.list(RunQuery.all())).extracting(Run::id).containsExactly("r1");
  }

  @Test
  void ofConcurrentSavesOfOneRunExactlyOneStoresIt() throws Exception {
    Run run = StoreFixtures.run("r1", "main", Instant.EPOCH, 200_000, 1);
    int writers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 5; round++) {
        Path history = dir.resolve("round-" + round);
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Future<ResultStore.Saved>> saves = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          saves.add(
              pool.submit(
                  () -> {
                    LocalHistoryStore own = new LocalHistoryStore(history);
                    start.await();
                    return own.save(run);
                  }));
        }
        int stored = 0;
        for (Future<ResultStore.Saved> f : saves) {
          stored += f.get().stored() ? 1 : 0;
        }

        assertThat(stored).as("round %d", round).isEqualTo(1);
        assertThat(new LocalHistoryStore(history).list(RunQuery.all())).containsExactly(run);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nextOpenRemovesTheTempFileOfAKilledWriterButNotOfALiveOne() throws Exception {
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StallingWriter.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream()))) {
      assertThat(out.readLine()).isEqualTo("writing");

      new LocalHistoryStore(dir); // the writer is alive: its temp file must stay
      assertThat(tempFiles()).hasSize(1);

      writer.destroyForcibly(); // SIGKILL: no finally block runs
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(tempFiles()).hasSize(1);

      LocalHistoryStore reopened = new LocalHistoryStore(dir);

      assertThat(tempFiles()).isEmpty();
      assertThat(reopened.list(RunQuery.all())).isEmpty();
    } finally {
      writer.destroyForcibly();
    }
  }

  private List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  @Test
  void reportsAForeignFileByName() throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(dir);
    Files.writeString(dir.resolve("notes.json"), "not json");

    assertThatThrownBy(() -> store.list(RunQuery.all()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("notes.json");
  }

  @Test
  void keepsMetricNamesStable() throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(dir);
    store.save(StoreFixtures.run("r1", "main", Instant.EPOCH, 100, 1));

    String json = Files.readString(dir.resolve("r1.json"));

    assertThat(json).contains("\"metric\":\"p95\"").contains("\"metric\":\"error_rate\"");
    assertThat(Metric.fromId("error-rate")).isEqualTo(Metric.ERROR_RATE);
  }
}
