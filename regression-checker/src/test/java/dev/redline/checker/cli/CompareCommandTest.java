package dev.redline.checker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.ingest.gatling.SimulationLogDecoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The CLI end to end on real Gatling 3.15.1 and JMH 1.37 output: exit codes and messages. */
class CompareCommandTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
  private static final Path SHOP = gatlingFixture("shopsimulation-");
  private static final Path CHECKOUT = gatlingFixture("checkoutsimulation-");
  private static final Path JMH = FIXTURES.resolve("jmh/join-thrpt-avgt-sample.json");

  @TempDir Path tmp;
  private Path history;
  private String out;
  private String err;

  @BeforeEach
  void setUp() {
    history = tmp.resolve("history");
  }

  private int redline(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(Arrays.asList(args));
    if (!all.isEmpty() && !all.get(0).startsWith("-")) {
      all.add("--history=" + history);
    }
    int code =
        dev.redline.checker.cli.RedlineCommand.run(
            all.toArray(String[]::new), new PrintStream(o, true), new PrintStream(e, true));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  private void assertOneSentenceNaming(Path file) {
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err).startsWith("error: ").contains(file.toString()).doesNotContain("\tat ");
  }

  @Test
  void failsAWebSocketResultWhoseDeliveryIsSlowerAndNamesWs() throws Exception {
    // RealtimeLoad --result files: the head's deliveries 20% slower, its connects the same.
    StringBuilder base = new StringBuilder();
    StringBuilder head = new StringBuilder();
    for (int i = 1; i <= 400; i++) {
      double ms = 2 + i * 0.01;
      base.append(String.format(java.util.Locale.ROOT, "WS /ws delivery\t%.2f\t50%n", ms));
      head.append(String.format(java.util.Locale.ROOT, "WS /ws delivery\t%.2f\t50%n", ms * 1.2));
      String connect =
          String.format(java.util.Locale.ROOT, "WS /ws connect\t%.2f\t1%n", 20 + i * 0.05);
      base.append(connect);
      head.append(connect);
    }
    Path b = tmp.resolve("base.tsv");
    Path c = tmp.resolve("head.tsv");
    Files.writeString(b, base);
    Files.writeString(c, head);
    assertThat(redline("compare", "--mode", "file", "-b", b.toString(), "-c", c.toString()))
        .isEqualTo(1);
    assertThat(out)
        .contains("REGRESSION WS /ws delivery p95")
        .doesNotContain("REGRESSION WS /ws connect");
    assertThat(redline("compare", "--mode", "file", "-b", b.toString(), "-c", b.toString()))
        .isZero();
    Files.writeString(c, "WS /ws delivery\tslow\t1\n");
    assertThat(redline("compare", "--mode", "file", "-b", b.toString(), "-c", c.toString()))
        .isEqualTo(2);
    assertOneSentenceNaming(c);
  }

  @Test
  void passesAGatlingRunComparedWithItself() {
    assertThat(redline("compare", "--baseline", SHOP.toString(), "--current", SHOP.toString()))
        .isEqualTo(0);
    assertThat(out).contains("GET /items p95").contains("PASS: 0 regression(s)");
  }

  @Test
  void judgesShardsOfOneRunMergedIntoOne() {
    // two injectors that logged the same samples: same percentiles, twice the rate
    int code =
        redline(
            "compare",
            "--baseline",
            SHOP.toString(),
            "--merge",
            "--current",
            SHOP.toString(),
            SHOP.toString());
    assertThat(code).isEqualTo(0);
    assertThat(out).contains("GET /items p95").contains("PASS: 0 regression(s)");
  }

  @Test
  void refusesToMergeShardsOfDifferentSimulations() {
    assertThat(
            redline(
                "compare",
                "--baseline",
                SHOP.toString(),
                "--merge",
                "--current",
                SHOP.toString(),
                CHECKOUT.toString()))
        .isEqualTo(2);
    assertOneSentenceNaming(CHECKOUT.resolve("simulation.log"));
  }

  @Test
  void failsWithExitOneOnASlowerJmhResult() throws Exception {
    Path slower = scaledJmh(1.3);

    int code = redline("compare", "--baseline", JMH.toString(), "--current", slower.toString());

    assertThat(code).isEqualTo(1);
    assertThat(out)
        .containsPattern(
            "REGRESSION fixtures\\.JoinBenchmark\\.\\S+ avgt.* score: .* vs baseline .*\\(\\+30\\.0%, limit \\+10%, p");
    assertThat(out).contains("FAIL: 3 regression(s)");
  }

  @Test
  void writesMarkdownJunitAndHtmlReports() throws Exception {
    Path slower = scaledJmh(1.3);
    Path dir = tmp.resolve("reports");

    int code =
        redline(
            "report",
            "--baseline",
            JMH.toString(),
            "--current",
            slower.toString(),
            "--report-dir",
            dir.toString());

    assertThat(code).isEqualTo(0);
    assertThat(Files.readString(dir.resolve("verdicts.md")))
        .contains("**REGRESSION**")
        .contains("| regression |");
    assertThat(Files.readString(dir.resolve("junit.xml"))).contains("<failure type=\"regression\"");
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html)
        .contains("<svg")
        .contains("<circle")
        .doesNotContain("src=")
        .doesNotContain("<link")
        .doesNotContain("<script");
  }

  @Test
  void exitsTwoNamingAMissingFolder() {
    Path missing = tmp.resolve("no-such-run");

    assertThat(redline("compare", "--baseline", SHOP.toString(), "--current", missing.toString()))
        .isEqualTo(2);
    assertOneSentenceNaming(missing);
  }

  @Test
  void exitsTwoNamingAnEmptyLog() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("empty-run"));
    Files.write(run.resolve("simulation.log"), new byte[0]);

    assertThat(redline("compare", "--baseline", SHOP.toString(), "--current", run.toString()))
        .isEqualTo(2);
    assertOneSentenceNaming(run.resolve("simulation.log"));
  }

  @Test
  void exitsTwoNamingATruncatedLog() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("truncated-run"));
    byte[] log = Files.readAllBytes(SHOP.resolve("simulation.log"));
    Files.write(run.resolve("simulation.log"), Arrays.copyOf(log, log.length / 2 + 3));

    assertThat(redline("compare", "--baseline", SHOP.toString(), "--current", run.toString()))
        .isEqualTo(2);
    assertOneSentenceNaming(run.resolve("simulation.log"));
  }

  @Test
  void exitsTwoNamingALogOfAnotherGatlingVersion() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("old-run"));
    byte[] log = Files.readAllBytes(SHOP.resolve("simulation.log"));
    String head = new String(log, 0, 64, StandardCharsets.ISO_8859_1);
    int at = head.indexOf(SimulationLogDecoder.GATLING_VERSION);
    assertThat(at).as("version string in the log header").isPositive();
    System.arraycopy("3.14.9".getBytes(StandardCharsets.US_ASCII), 0, log, at, 6);
    Files.write(run.resolve("simulation.log"), log);

    assertThat(redline("compare", "--baseline", SHOP.toString(), "--current", run.toString()))
        .isEqualTo(2);
    assertOneSentenceNaming(run.resolve("simulation.log"));
    assertThat(err).contains("3.14.9");
  }

  @Test
  void exitsTwoNamingAJmhFileThatIsNotJson() throws Exception {
    Path bad = tmp.resolve("result.json");
    Files.writeString(bad, "# JMH version: 1.37\nBenchmark  Mode  Cnt  Score\n");

    assertThat(redline("compare", "--baseline", JMH.toString(), "--current", bad.toString()))
        .isEqualTo(2);
    assertOneSentenceNaming(bad);
  }

  @Test
  void exitsTwoNamingAJmhFileWithoutBenchmarks() throws Exception {
    Path empty = tmp.resolve("empty.json");
    Files.writeString(empty, "[]");

    assertThat(redline("compare", "--baseline", JMH.toString(), "--current", empty.toString()))
        .isEqualTo(2);
    assertOneSentenceNaming(empty);
  }

  @Test
  void exitsTwoOnAJmhScoreThatIsNotANumberInsteadOfPassing() throws Exception {
    Path bad = tmp.resolve("nan.json");
    Files.writeString(
        bad, Files.readString(JMH).replaceFirst("\"score\" : [0-9.]+", "\"score\" : \"NaN\""));

    assertThat(redline("compare", "--baseline", JMH.toString(), "--current", bad.toString()))
        .isEqualTo(2);
    assertOneSentenceNaming(bad);
    assertThat(out).doesNotContain("PASS");
  }

  @Test
  void exitsTwoOnARepeatedJmhEntry() throws Exception {
    JsonMapper mapper = JsonMapper.shared();
    ArrayNode root = (ArrayNode) mapper.readTree(JMH.toFile());
    for (int i = 0; i < 1000; i++) {
      root.add(root.get(0).deepCopy());
    }
    Path repeated = tmp.resolve("repeated.json");
    mapper.writeValue(repeated.toFile(), root);

    assertThat(redline("ingest", repeated.toString())).isEqualTo(2);
    assertOneSentenceNaming(repeated);
    assertThat(err).contains("fixtures.JoinBenchmark.builder (thrpt, size=10) twice");
    assertThat(history).doesNotExist();
  }

  @Test
  void exitsTwoWhenTheBaselineSharesNothingWithTheCurrentRun() {
    assertThat(redline("compare", "--baseline", CHECKOUT.toString(), "--current", SHOP.toString()))
        .isEqualTo(2);
    assertOneSentenceNaming(CHECKOUT);
    assertThat(err).contains("ShopSimulation").contains("CheckoutSimulation");
  }

  @Test
  void usageErrorRepeatsWhatItGotAndShowsUsage() {
    assertThat(redline("compare", "--baseline", SHOP.toString(), "--bogus")).isEqualTo(2);
    assertThat(err).contains("--bogus").contains("Usage: redline compare");
  }

  @Test
  void verbosePrintsTheStackTrace() {
    Path missing = tmp.resolve("no-such-run");

    assertThat(
            redline(
                "compare",
                "--verbose",
                "--baseline",
                SHOP.toString(),
                "--current",
                missing.toString()))
        .isEqualTo(2);
    assertThat(err).contains("\tat ");
  }

  @Test
  void failedCompareLeavesTheHistoryUntouched() throws Exception {
    assertThat(redline("ingest", SHOP.toString(), "--branch", "main")).isEqualTo(0);
    byte[] before = snapshot();

    assertThat(
            redline(
                "compare",
                "--save",
                "--baseline",
                SHOP.toString(),
                "--current",
                tmp.resolve("gone").toString()))
        .isEqualTo(2);
    assertThat(
            redline(
                "compare",
                "--save",
                "--baseline",
                CHECKOUT.toString(),
                "--current",
                SHOP.toString()))
        .isEqualTo(2);

    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void neverStoresARunTwiceNorTakesItAsItsOwnBaseline() {
    assertThat(redline("ingest", SHOP.toString(), "--branch", "main", "--profile", "load"))
        .isEqualTo(0);
    assertThat(redline("ingest", SHOP.toString(), "--branch", "main", "--profile", "load"))
        .isEqualTo(0);
    assertThat(out).contains("not stored again");

    int code =
        redline(
            "compare", "--current", SHOP.toString(), "--profile", "load", "--branch", "feature");

    assertThat(code).isEqualTo(2);
    assertThat(err).contains("has no good run");
  }

  @Test
  void helpShowsEveryOptionWithItsEnvironmentVariable() {
    assertThat(redline("compare", "--help")).isEqualTo(0);
    assertThat(out)
        .contains("Env: REDLINE_HISTORY")
        .contains("Env: REDLINE_THRESHOLD")
        .contains("Default: main");
  }

  /** The fixture run folder with this prefix (the suffix is Gatling's run timestamp). */
  private static Path gatlingFixture(String prefix) {
    try (Stream<Path> dirs = Files.list(FIXTURES.resolve("gatling"))) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
          .findFirst()
          .orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private byte[] snapshot() throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (Stream<Path> files = Files.walk(history)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.write(f.toString().getBytes(StandardCharsets.UTF_8));
        all.write(Files.readAllBytes(f));
      }
    }
    return all.toByteArray();
  }

  /** The JMH fixture with every score and iteration multiplied by {@code factor}. */
  private Path scaledJmh(double factor) throws Exception {
    JsonMapper mapper = JsonMapper.shared();
    JsonNode root = mapper.readTree(JMH.toFile());
    for (JsonNode bench : root) {
      if (!bench.get("primaryMetric").has("rawData")) {
        continue; // sample mode keeps a histogram; left as it was
      }
      ObjectNode primary = (ObjectNode) bench.get("primaryMetric");
      primary.put("score", primary.get("score").asDouble() * factor);
      for (JsonNode fork : primary.get("rawData")) {
        ArrayNode it = (ArrayNode) fork;
        for (int i = 0; i < it.size(); i++) {
          it.set(i, mapper.getNodeFactory().numberNode(it.get(i).asDouble() * factor));
        }
      }
    }
    Path out = tmp.resolve("slower.json");
    mapper.writeValue(out.toFile(), root);
    return out;
  }

  @Test
  void historyTrendShowsSuiteAndProfileAndRefusesAnUnknownName() {
    // A profile of this test's own: with INFLUX_URL set (CI) the store also holds other tests'
    // runs.
    String profile = "trend" + Long.toString(System.nanoTime() % 1_000_000, 36);
    assertThat(redline("ingest", "--suite", "shop", "--profile", profile, SHOP.toString()))
        .isZero();
    assertThat(redline("ingest", "--suite", "checkout", "--profile", profile, CHECKOUT.toString()))
        .isZero();
    assertThat(redline("history", "--trend", "All Requests p95", "--profile", profile)).isZero();
    assertThat(out).contains("one column per SUITE/PROFILE");
    List<String> lines = out.lines().toList();
    String head = lines.stream().filter(l -> l.startsWith("STARTED")).findFirst().orElseThrow();
    String shop = "shop/" + profile;
    String checkout = "checkout/" + profile;
    assertThat(head).contains(checkout).contains(shop);
    // Each run's value ends under its own suite's column, and the times line up.
    int shopEnd = head.indexOf(shop) + shop.length();
    int checkoutEnd = head.indexOf(checkout) + checkout.length();
    List<String> rows = lines.subList(lines.indexOf(head) + 1, lines.size());
    assertThat(rows).hasSize(2);
    assertThat(rows).allMatch(r -> r.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  .*"));
    assertThat(rows)
        .anyMatch(r -> r.length() == shopEnd && r.endsWith(" ms"))
        .anyMatch(r -> r.length() == checkoutEnd && r.endsWith(" ms"));
    assertThat(redline("history", "--trend", "All Requests p96")).isEqualTo(2);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err).contains("'All Requests p96'");
  }
}
