package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.redline.checker.ingest.service.ServiceMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM still getting cheaper across its rounds is reported; a level one is not. */
class WarmthTest {
  @TempDir Path tmp;

  private final CapturedProgress captured = new CapturedProgress();
  private final Progress progress = captured.progress;

  @Test
  void aJvmWhoseCpuPerRequestKeepsFallingWasStillWarming() throws Exception {
    // Two routes falling 2% a round over 8 rounds; a third served too rarely to count.
    List<Path> runs = rounds("base", 8, 0.02);

    double change = Warmth.change(runs);

    // first two rounds' median 0.99 of the start, last two 0.87: -12.1% on both routes
    assertThat(change).isCloseTo(0.87 / 0.99 - 1, within(1e-9));
    Warmth.report("base", runs, progress);
    assertThat(captured.out())
        .contains("warmth base: CPU per request -12.1% from its first 2 rounds to its last 2");
    assertThat(captured.err())
        .contains("base was still warming while measured")
        .contains("REDLINE_WARMUP_SECONDS");
  }

  @Test
  void aJvmThatGrowsDearerIsNotSteadyRatherThanWarming() throws Exception {
    List<Path> runs = rounds("head", 8, -0.02);

    Warmth.report("head", runs, progress);

    assertThat(captured.out()).contains("warmth head: CPU per request +11.9%");
    assertThat(captured.err())
        .contains("head was not steady while measured")
        .doesNotContain("still warming");
  }

  @Test
  void aLevelJvmIsReportedWithoutWarning() throws Exception {
    List<Path> runs = rounds("head", 8, 0.0);

    Warmth.report("head", runs, progress);

    assertThat(Warmth.change(runs)).isCloseTo(0, within(1e-9));
    assertThat(captured.out()).contains("warmth head: CPU per request +0.0%");
    assertThat(captured.err()).isEmpty();
  }

  @Test
  void tooFewRoundsOrAMissingScrapeSayNothing() throws Exception {
    assertThat(Warmth.change(rounds("a", 3, 0.02))).isNaN();
    List<Path> runs = rounds("b", 8, 0.02);
    Files.delete(runs.get(5).resolve(ServiceMetrics.FOLDER).resolve(ServiceMetrics.END));

    Warmth.report("b", runs, progress);

    assertThat(Warmth.change(runs)).isNaN();
    assertThat(captured.out()).isEmpty();
  }

  /**
   * {@code n} round folders whose two busy routes cost {@code 1 - fall * round} ms of CPU a request
   * (round 0 first), 100 requests each; a rare route has 10 requests a round.
   */
  private List<Path> rounds(String side, int n, double fall) throws Exception {
    List<Path> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path dir =
          Files.createDirectories(tmp.resolve(side + "-" + i).resolve(ServiceMetrics.FOLDER));
      double cpu = 100 * 0.001 * (1 - fall * i);
      Files.writeString(dir.resolve(ServiceMetrics.START), scrape(0, 0, 0));
      Files.writeString(dir.resolve(ServiceMetrics.END), scrape(100, cpu, 10));
      runs.add(dir.getParent());
    }
    return runs;
  }

  private static String scrape(double requests, double cpuSeconds, double rare) {
    StringBuilder s = new StringBuilder();
    for (String uri : List.of("/api/v1/a", "/api/v1/b")) {
      s.append(line("redline_requests_total", uri, requests))
          .append(line("redline_request_cpu_seconds_total", uri, cpuSeconds));
    }
    s.append(line("redline_requests_total", "/api/v1/rare", rare))
        .append(line("redline_request_cpu_seconds_total", "/api/v1/rare", rare * 0.5));
    return s.toString();
  }

  private static String line(String name, String uri, double value) {
    return String.format(
        Locale.ROOT, "%s{method=\"GET\",uri=\"%s\"} %s%n", name, uri, Double.toString(value));
  }
}
