package dev.redline.checker.cli;

import static dev.redline.checker.cli.Cli.redline;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code redline noise} prints what the calibration found and names bad arguments. */
class NoiseCommandTest {
  private static final Path JMH =
      Path.of("src/test/resources/fixtures/jmh/join-thrpt-avgt-sample.json");

  @TempDir Path dir;

  @Test
  void independentRunsGiveATableAndTheAaCheck() throws IOException {
    List<String> args = new ArrayList<>(List.of("noise", "--markdown", md().toString()));
    copies("a", 4).forEach(p -> args.add(p.toString()));

    Cli.Result r = redline(args.toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("from 4 A/A runs")
        .contains("measurements are too noisy to gate")
        .contains("A/A check (odd runs vs even runs, ab)");
    assertThat(md()).content().startsWith("## Redline calibration");
  }

  @Test
  void pairedRoundsGiveTheGatesMde() throws IOException {
    List<String> args = new ArrayList<>(List.of("noise", "--markdown", md().toString()));
    copies("a", 3).forEach(p -> args.add(p.toString()));
    args.add("--paired-with");
    copies("b", 3).forEach(p -> args.add(p.toString()));

    Cli.Result r = redline(args.toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("from 3 paired A/A rounds").contains("Full table: " + md());
    assertThat(md()).content().contains("### Every measurement");
  }

  @Test
  void pairedRoundsNeedOneRunEach() throws IOException {
    List<String> args = new ArrayList<>(List.of("noise"));
    copies("a", 4).forEach(p -> args.add(p.toString()));
    args.add("--paired-with");
    copies("b", 3).forEach(p -> args.add(p.toString()));

    Cli.Result r = redline(args.toArray(String[]::new));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--paired-with needs one run for each PATH, got 3 for 4.");
  }

  private Path md() {
    return dir.resolve("out/noise.md");
  }

  private List<Path> copies(String side, int n) throws IOException {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path p = dir.resolve(side + i + ".json");
      Files.copy(JMH, p);
      out.add(p);
    }
    return out;
  }
}
