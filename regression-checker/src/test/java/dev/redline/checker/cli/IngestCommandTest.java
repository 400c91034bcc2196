package dev.redline.checker.cli;

import static dev.redline.checker.cli.Cli.redline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.redline.checker.cli.Cli.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code redline ingest} end to end on real files: what is stored, and what it says. */
class IngestCommandTest {
  private static final Path JMH =
      Path.of("src/test/resources/fixtures/jmh/join-thrpt-avgt-sample.json");

  @TempDir Path tmp;

  private static List<Path> runFiles(Path history) throws IOException {
    if (!Files.isDirectory(history)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(history)) {
      return files.filter(f -> f.getFileName().toString().matches("[^.].*\\.json")).toList();
    }
  }

  @Test
  void badJmhFileAmongGoodOnesExitsTwoAndStoresNothing() throws Exception {
    Path bad = tmp.resolve("abc.json");
    Files.writeString(
        bad, Files.readString(JMH).replaceFirst("\"score\" : [0-9.]+", "\"score\" : \"abc\""));
    Path history = tmp.resolve("history");

    Result r = redline("ingest", "--history=" + history, JMH.toString(), bad.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).startsWith("error: The JMH result " + bad).contains("not a finite number");
    assertThat(r.out()).doesNotContain("Stored");
    assertThat(runFiles(history)).isEmpty();
  }

  @Test
  void fifoNamedLikeAJmhResultExitsTwoInsteadOfHanging() throws Exception {
    Path fifo = mkfifo(tmp.resolve("result.json"));
    Path history = tmp.resolve("history");

    Result r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> redline("ingest", "--history=" + history, fifo.toString()));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "error: The result file "
                + fifo
                + " is not a regular file (a FIFO, socket or device), so Redline does not open it.");
    assertThat(runFiles(history)).isEmpty();
  }

  @Test
  void fifoAsAGatlingLogExitsTwoInsteadOfHanging() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    mkfifo(run.resolve("simulation.log"));

    Result r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> redline("ingest", "--history=" + tmp.resolve("history"), run.toString()));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(run.resolve("simulation.log").toString()).contains("FIFO");
  }

  /**
   * A name with byte 0xFF is not UTF-8: the JVM hands the argument over with U+FFFD in its place,
   * exactly as this test passes it.
   */
  @Test
  void readsAFileWhoseNameIsNotValidUtf8() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("results"));
    shell("cp \"$0\" \"$1/$(printf 'bench\\377.json')\"", JMH.toString(), dir.toString());
    Path history = tmp.resolve("history");

    Result r = redline("ingest", "--history=" + history, dir + "/bench\uFFFD.json");

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Stored run ").contains("24 measurements");
    assertThat(runFiles(history)).hasSize(1);
  }

  @Test
  void namesTheEncodingWhenAnUndecodableNameMatchesTwoFiles() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("results"));
    shell(
        "cp \"$0\" \"$1/$(printf 'bench\\377.json')\" && cp \"$0\" \"$1/$(printf 'bench\\376.json')\"",
        JMH.toString(),
        dir.toString());

    Result r = redline("ingest", "--history=" + tmp.resolve("history"), dir + "/bench\uFFFD.json");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .contains("bench\uFFFD.json does not exist as named")
        .contains("not valid " + System.getProperty("sun.jnu.encoding"));
  }

  /** Under LANG=C the JVM decodes every non-ASCII byte of an argument as U+FFFD. */
  @Test
  void readsANonAsciiNameUnderTheCLocale() throws Exception {
    Path file = tmp.resolve("caf\u00e9.json");
    Files.copy(JMH, file);
    Path history = tmp.resolve("history");

    Result r = cli(Map.of("LC_ALL", "C"), "ingest", "--history=" + history, file.toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Stored run ");
    assertThat(runFiles(history)).hasSize(1);
  }

  @Test
  void concurrentIngestsOfOneFileStoreItOnceAndTheOtherSaysSo() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // Two processes at once, as two CI jobs would be; the local history alone (cli() leaves
      // INFLUX_URL out, which CI exports), since InfluxDB keeps no such guarantee across machines.
      for (int round = 0; round < 3; round++) {
        Path history = tmp.resolve("history-" + round);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Result>> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          both.add(
              pool.submit(
                  () -> {
                    start.await();
                    return cli(Map.of(), "ingest", "--history=" + history, JMH.toString());
                  }));
        }
        String out = both.get(0).get().out() + both.get(1).get().out();

        assertThat(both.get(0).get().code()).isZero();
        assertThat(both.get(1).get().code()).isZero();
        assertThat(out.lines().filter(l -> l.startsWith("Stored run "))).hasSize(1);
        assertThat(out.lines().filter(l -> l.contains("is already in"))).hasSize(1);
        assertThat(runFiles(history)).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void saysTheRunWentToTheOutboxWhenInfluxDbIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path history = tmp.resolve("history");

    Result r =
        cli(
            Map.of("INFLUX_URL", "http://127.0.0.1:" + closedPort),
            "ingest",
            "--history=" + history,
            JMH.toString());

    assertThat(r.code()).isZero();
    List<Path> pending;
    try (Stream<Path> files = Files.list(history.resolve("outbox"))) {
      pending = files.toList();
    }
    assertThat(pending).hasSize(1);
    assertThat(r.out().strip())
        .startsWith("Stored run ")
        .contains("in local history " + history.toAbsolutePath())
        .contains("is unreachable")
        .contains("waits in the outbox as " + pending.get(0).toAbsolutePath())
        .doesNotContain("in InfluxDB");
    assertThat(r.err()).contains("1 batch(es) pending in " + history.resolve("outbox"));
  }

  /** The CLI in a JVM of its own, for what only a process has: its environment and locale. */
  private static Result cli(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.redline.checker.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("INFLUX_URL");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("redline-out", ".txt");
    Path err = Files.createTempFile("redline-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("redline " + String.join(" ", args) + " did not end");
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Path mkfifo(Path path) throws Exception {
    shell("mkfifo \"$0\"", path.toString());
    return path;
  }

  /** Runs {@code script} with {@code sh -c}; the arguments are $0, $1, ... */
  private static void shell(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", "-c", script));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertThat(p.waitFor()).as(script).isZero();
  }
}
