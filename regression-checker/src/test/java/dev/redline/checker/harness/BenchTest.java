package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code redline bench}'s rules: where a run leaves its files, how REDLINE_JMH_ARGS splits, and
 * that a JMH run without a result fails naming the file before anything is recorded. JMH itself is
 * replaced by a launcher that writes (or does not write) the result file; the recording and the
 * comparison are the real commands on a temporary history.
 */
class BenchTest {
  private static final Path FIXTURE =
      Path.of("src/test/resources/fixtures/jmh/join-thrpt-avgt-sample.json");

  @TempDir Path root;
  private Path home;
  private Path history;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void aCheckoutWithBuiltBenchmarks() throws IOException {
    // An artifact and no sources: the build step finds the benchmarks up to date.
    Path jar = root.resolve("micro-benchmarks/target/benchmarks.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "");
    home = root.resolve(".redline");
    history = home.resolve("history");
  }

  @Test
  void theRunFolderIsNamedAfterTheTimeAndProfile() {
    Path run = Bench.runDir(home, "20261130T050000Z", "full");
    assertThat(run).isEqualTo(home.resolve("runs/20261130T050000Z-jmh-full"));
    assertThat(Bench.result(run, "full")).isEqualTo(run.resolve("jmh-full.json"));
    assertThat(Bench.reportDir(run, null)).isEqualTo(run.resolve("report"));
    assertThat(Bench.reportDir(run, root.resolve("elsewhere")))
        .isEqualTo(root.resolve("elsewhere"));
  }

  @Test
  void jmhArgsAreSplitAtWhiteSpace() {
    assertThat(Bench.jmhArgs(null)).isEmpty();
    assertThat(Bench.jmhArgs("  ")).isEmpty();
    assertThat(Bench.jmhArgs(" -wi 0  -i 1\t-r 200ms "))
        .containsExactly("-wi", "0", "-i", "1", "-r", "200ms");
  }

  @Test
  void anUnknownProfileIsNamed() {
    assertThatThrownBy(() -> bench("medium", true, (json, log) -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown profile 'medium'; use quick or full");
  }

  @Test
  void noResultFailsNamingTheFileAndRecordsNothing() {
    Bench b = bench("quick", true, (json, log) -> 0);
    assertThatThrownBy(b::run)
        .isInstanceOf(HarnessException.class)
        .hasMessageContaining("JMH wrote no result to " + result("quick"))
        .hasMessageContaining("jmh.log");
    assertThat(history).doesNotExist();
  }

  @Test
  void anEmptyResultIsNoResult() {
    Bench b = bench("quick", true, (json, log) -> write(json, ""));
    assertThatThrownBy(b::run)
        .isInstanceOf(HarnessException.class)
        .hasMessageContaining("JMH wrote no result to " + result("quick"));
    assertThat(history).doesNotExist();
  }

  @Test
  void aFailedJmhIsNotRecordedEvenWithAResult() {
    Bench b = bench("quick", true, (json, log) -> copyFixture(json) + 1);
    assertThatThrownBy(b::run)
        .isInstanceOf(HarnessException.class)
        .hasMessageContaining("JMH failed (exit 1)")
        .hasMessageContaining(result("quick").toString());
    assertThat(history).doesNotExist();
  }

  @Test
  void aResultIsRecordedThenComparedWithTheRunBefore() throws IOException {
    assertThat(bench("quick", true, (json, log) -> copyFixture(json)).run()).isZero();
    assertThat(files(history)).hasSize(1);
    Path second = home.resolve("runs/second");
    Bench again =
        new Bench(
            new Checkout(root),
            home,
            new Bench.Options("quick", List.of(), second, second.resolve("report"), true, history),
            new Progress(new PrintStream(out, true), new PrintStream(out, true), 3),
            (json, log) -> copyFixture(json));
    assertThat(again.run()).isZero();
    assertThat(files(history)).hasSize(2);
    assertThat(second.resolve("report/verdicts.md")).isRegularFile();
    assertThat(second.resolve("report/junit.xml")).isRegularFile();
    assertThat(second.resolve("report/report.html")).isRegularFile();
    assertThat(out.toString())
        .contains("[3/3] comparing with the previous quick runs of")
        .contains("verdict: pass");
  }

  @Test
  void noCompareOnlyRecords() throws IOException {
    assertThat(bench("full", false, (json, log) -> copyFixture(json)).run()).isZero();
    assertThat(files(history)).hasSize(1);
    assertThat(out.toString()).contains("[3/3] recording the run");
    assertThat(runDir().resolve("report")).doesNotExist();
  }

  private Bench bench(String profile, boolean compare, Bench.Launcher jmh) {
    Path run = runDir();
    return new Bench(
        new Checkout(root),
        home,
        new Bench.Options(profile, List.of(), run, run.resolve("report"), compare, history),
        new Progress(new PrintStream(out, true), new PrintStream(out, true), 3),
        jmh);
  }

  private Path runDir() {
    return home.resolve("runs/first");
  }

  private Path result(String profile) {
    return Bench.result(runDir(), profile);
  }

  private static int copyFixture(Path json) {
    try {
      Files.copy(FIXTURE, json);
      return 0;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int write(Path file, String text) {
    try {
      Files.writeString(file, text);
      return 0;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
    }
  }
}
