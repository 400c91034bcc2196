package dev.redline.checker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.Decider;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.decide.Status;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import dev.redline.checker.report.Format;
import dev.redline.checker.report.HtmlReport;
import dev.redline.checker.report.JUnitReport;
import dev.redline.checker.report.MarkdownReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An inconclusive verdict in every report: counted, labelled, never a failure. */
class InconclusiveReportsTest {

  private static Measurement p95(String name, double v) {
    return new Measurement(
        name,
        Metric.P95,
        Units.MS,
        Direction.LOWER_IS_BETTER,
        v,
        new Samples.Observations(new double[] {v}),
        Map.of());
  }

  /** "GET /wide" spans the limit on both sides; "GET /slow" is 25% slower, round for round. */
  private static List<Run> runs(double[] wide, double[] slow) {
    List<Run> out = new ArrayList<>();
    for (int i = 0; i < wide.length; i++) {
      out.add(
          Run.builder()
              .suite("mixed")
              .machine("m")
              .jdk("17")
              .startedAt(Instant.EPOCH)
              .id("r" + i)
              .measurements(List.of(p95("GET /wide", wide[i]), p95("GET /slow", slow[i])))
              .build());
    }
    return out;
  }

  private static Comparison comparison() throws Exception {
    return new Decider(DecisionConfig.defaults())
        .compare(
            "ab",
            runs(new double[] {10, 14, 8, 12}, new double[] {10, 10.1, 9.9, 10}),
            runs(new double[] {15, 9, 13, 16}, new double[] {12.5, 12.6, 12.4, 12.5}),
            false);
  }

  @Test
  void everyReportNamesTheInconclusiveVerdictAndNoneFailsOnIt() throws Exception {
    Comparison c = comparison();

    assertThat(c.count(Status.INCONCLUSIVE)).isEqualTo(1);
    assertThat(Format.summary(c))
        .isEqualTo(
            "FAIL: 1 regression(s), 0 noisy, 1 inconclusive, 0 improvement(s), 0 unchanged (2"
                + " measurements)");
    assertThat(MarkdownReport.render(c))
        .contains("| inconclusive | GET /wide p95 |")
        .contains("`inconclusive`: the interval spans the limit on both sides");
    assertThat(HtmlReport.render(c, List.of())).contains("class=\"inconclusive\"");
    String junit = JUnitReport.render(c);
    assertThat(junit).contains("failures=\"1\"");
    assertThat(junit.substring(junit.indexOf("GET /wide"))).doesNotStartWith("<failure");
    assertThat(junit).containsOnlyOnce("<failure");
  }

  @Test
  void theRunSummaryListsTheRegressionNotTheInconclusiveVerdict() throws Exception {
    assertThat(RunCommand.topChanges(comparison(), 5))
        .extracting(v -> v.key())
        .containsExactly("GET /slow p95");
  }
}
