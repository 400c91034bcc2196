package dev.redline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, briefly ({@link Profiles} {@code smoke}: one fork, one 100 ms
 * iteration), and fails if one throws or yields no score. Measures nothing: timings are for the
 * benchmark runs themselves.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmarkRunsAndScores() throws Exception {
    Collection<RunResult> results = new Runner(Profiles.options("smoke")).run();

    Set<String> expected =
        BenchmarkList.defaultList()
            .find(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                java.util.List.of(Profiles.ALL),
                java.util.List.of())
            .stream()
            .map(b -> b.getUsername())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> scored = new TreeSet<>();
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      assertThat(score)
          .as("score of %s %s", r.getParams().getBenchmark(), r.getParams().getParamsKeys())
          .isFinite()
          .isGreaterThan(0);
      scored.add(r.getParams().getBenchmark());
    }
    assertThat(expected).as("benchmarks in META-INF/BenchmarkList").hasSizeGreaterThan(20);
    assertThat(scored).as("benchmarks with a score").isEqualTo(expected);
  }
}
