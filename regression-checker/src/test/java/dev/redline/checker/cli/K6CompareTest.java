package dev.redline.checker.cli;

import static dev.redline.checker.cli.Cli.redline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code redline compare} on k6 JSON output ({@code k6 run --out json=FILE}), end to end: the same
 * gate a Gatling run gets. The current run's checkout is 30% slower; its other requests are drawn
 * from the same distributions as the baseline's.
 */
class K6CompareTest {
  private static final Path K6 = Path.of("src/test/resources/fixtures/k6");
  private static final Path BASELINE = K6.resolve("shop-baseline.json");
  private static final Path SLOWER = K6.resolve("shop-checkout-slower.json");

  @TempDir Path tmp;

  private Result compare(Path baseline, Path current) {
    return redline(
        "compare",
        "--history=" + tmp.resolve("history"),
        "-b",
        baseline.toString(),
        "-c",
        current.toString());
  }

  @Test
  void aSlowerRequestFailsTheComparisonNamingIt() {
    Result r = compare(BASELINE, SLOWER);

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("REGRESSION   POST checkout mean")
        .contains("REGRESSION POST checkout")
        .doesNotContain("REGRESSION   GET https://shop.test/api/items ")
        .doesNotContain("REGRESSION   POST add to cart")
        .contains("FAIL: ");
  }

  @Test
  void aRunAgainstItselfPasses() {
    Result r = compare(BASELINE, BASELINE);

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("POST checkout p95").contains("PASS: 0 regression(s)");
  }

  @Test
  void aTruncatedFileExitsTwoNamingIt() throws Exception {
    byte[] bytes = Files.readAllBytes(SLOWER);
    Path cut = tmp.resolve("results.json");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 3));

    Result r = compare(BASELINE, cut);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).startsWith("error: Line ").contains(cut.toString()).endsWith(".\n");
  }

  @Test
  void garbageExitsTwoNamingTheFile() throws Exception {
    Path garbage = tmp.resolve("results.json");
    Files.writeString(garbage, "running (0m30.0s), 0/3 VUs, 48 complete iterations\n");

    Result r = compare(BASELINE, garbage);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "error: The result file "
                + garbage
                + " is none of the results Redline reads (a Gatling run folder or simulation.log,"
                + " JMH JSON, k6 JSON output, a WebSocket result): it starts with 'running (0m30.0s),"
                + " 0/3 VUs, 48 complete'.");
  }
}
