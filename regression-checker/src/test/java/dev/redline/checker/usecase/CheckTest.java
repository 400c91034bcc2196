package dev.redline.checker.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.decide.Comparison;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings the orchestrating commands take from the environment, as {@code compare} does, and
 * their record-then-compare step on a real local history.
 */
class CheckTest {
  private static final Path JMH =
      Path.of("src/test/resources/fixtures/jmh/join-thrpt-avgt-sample.json");

  @TempDir Path root;

  @Test
  void withoutSettingsTheDefaultsOfCompare() throws Exception {
    Check c = new Check(Map.of(), root, null);
    assertThat(c.config().thresholdPct()).isEqualTo(10.0);
    assertThat(c.last()).isEqualTo(10);
    assertThat(c.allowCrossMachine()).isFalse();
    assertThat(c.historyDir()).isEqualTo(root.resolve(".redline/history"));
  }

  @Test
  void theEnvironmentAndTheRepositorysConfigAreRead() throws Exception {
    Files.writeString(root.resolve("redline.properties"), "threshold=15\n");
    assertThat(new Check(Map.of(), root, null).config().thresholdPct()).isEqualTo(15.0);
    Check c =
        new Check(
            Map.of(
                "REDLINE_THRESHOLD", "7.5",
                "REDLINE_HISTORY_RUNS", "3",
                "REDLINE_ALLOW_CROSS_MACHINE", "true",
                "REDLINE_HISTORY", root.resolve("h").toString()),
            root,
            null);
    assertThat(c.config().thresholdPct()).isEqualTo(7.5);
    assertThat(c.last()).isEqualTo(3);
    assertThat(c.allowCrossMachine()).isTrue();
    assertThat(c.historyDir()).isEqualTo(root.resolve("h"));
    assertThat(new Check(Map.of("REDLINE_HISTORY", "x"), root, root.resolve("given")).historyDir())
        .isEqualTo(root.resolve("given"));
  }

  @Test
  void aBadSettingIsNamed() {
    assertThatThrownBy(() -> new Check(Map.of("REDLINE_THRESHOLD", "ten"), root, null).config())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REDLINE_THRESHOLD")
        .hasMessageContaining("'ten'");
    assertThatThrownBy(() -> new Check(Map.of("REDLINE_HISTORY_RUNS", "0"), root, null).last())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REDLINE_HISTORY_RUNS must be within 1..1000, got 0");
    Path missing = root.resolve("nope.properties");
    assertThatThrownBy(
            () -> new Check(Map.of("REDLINE_CONFIG", missing.toString()), root, null).config())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The config file " + missing + " does not exist.");
  }

  @Test
  void theFirstRunOfItsKindIsRecordedTheNextComparedWithIt() throws Exception {
    Check c = new Check(Map.of(), root, null);
    Compare.Overrides o = new Compare.Overrides(null, "quick", "feature", "abc123");
    StringWriter first = new StringWriter();
    assertThat(c.againstHistory(JMH, o, true, root.resolve("r1"), new PrintWriter(first, true)))
        .isNull();
    assertThat(first.toString()).contains("recorded this run as the first baseline");
    assertThat(jsonFiles(c.historyDir())).isEqualTo(1);

    Path again = root.resolve("again.json");
    Files.writeString(again, Files.readString(JMH));
    StringWriter second = new StringWriter();
    Comparison cmp =
        c.againstHistory(again, o, true, root.resolve("r2"), new PrintWriter(second, true));
    assertThat(cmp).isNotNull();
    assertThat(cmp.baseline()).hasSize(1);
    assertThat(cmp.failed()).isFalse();
    assertThat(second.toString())
        .contains("PASS")
        .contains("Wrote " + root.resolve("r2/junit.xml"));
    assertThat(root.resolve("r2/report.html")).isRegularFile();
  }

  @Test
  void recordingOnlyStoresAndDecidesNothing() throws Exception {
    Check c = new Check(Map.of(), root, root.resolve("history"));
    StringWriter out = new StringWriter();
    assertThat(
            c.againstHistory(
                JMH,
                new Compare.Overrides(null, "full", "main", "abc123"),
                false,
                root.resolve("report"),
                new PrintWriter(out, true)))
        .isNull();
    assertThat(out.toString()).startsWith("Stored run ").contains("full");
    assertThat(jsonFiles(root.resolve("history"))).isEqualTo(1);
    assertThat(root.resolve("report")).doesNotExist();
  }

  @Test
  void theGatesPairedRoundsAreDecidedAndNothingIsStored() throws Exception {
    Check c = new Check(Map.of(), root, null);
    List<Path> base = copies("base", 2);
    List<Path> head = copies("head", 2);
    StringWriter out = new StringWriter();
    Comparison cmp =
        c.paired(
            base,
            head,
            new Compare.Overrides(null, "quick", "feature", "abc123"),
            false,
            root.resolve("jmh"),
            new PrintWriter(out, true));
    assertThat(cmp.mode()).isEqualTo("ab");
    assertThat(cmp.baseline()).hasSize(2);
    assertThat(cmp.failed()).isFalse();
    assertThat(out.toString()).contains("Wrote " + root.resolve("jmh/verdicts.md"));
    assertThat(c.historyDir()).doesNotExist();
  }

  private List<Path> copies(String side, int n) throws Exception {
    List<Path> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      Path p = root.resolve("jmh-" + side + "-" + i + ".json");
      Files.writeString(p, Files.readString(JMH));
      out.add(p);
    }
    return out;
  }

  private static long jsonFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).count();
    }
  }
}
