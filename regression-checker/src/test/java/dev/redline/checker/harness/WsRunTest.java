package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.redline.checker.cli.RunOptions;
import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A round's /ws results join that round's runs, both sides or neither. */
class WsRunTest {
  @TempDir Path tmp;

  private final CapturedProgress captured = new CapturedProgress();
  private final Progress progress = captured.progress;

  @Test
  void bothResultsJoinTheirRoundsRunsBesideTheRequests() throws Exception {
    Round r = round();
    Path b = result("base.tsv", 2.0);
    Path h = result("head.tsv", 2.5);

    boolean kept = merge(r, b, h, "round 1/8");

    assertThat(kept).isTrue();
    Run base = Inputs.read(r.base(), new RunOptions());
    Run head = Inputs.read(r.head(), new RunOptions());
    assertThat(value(base, "WS /ws delivery", Metric.P50)).isEqualTo(2.0);
    assertThat(value(head, "WS /ws delivery", Metric.P50)).isEqualTo(2.5);
    assertThat(value(head, "WS /ws connect", Metric.P99)).isEqualTo(4.0);
    // the Gatling requests are still there: the /ws window adds to the round's run
    assertThat(head.measurements())
        .anyMatch(m -> !m.name().startsWith("WS ") && m.metric() == Metric.P95);
    assertThat(captured.out())
        .contains("round 1/8 /ws delivery ms p50/p99: base 2.00/2.00, head 2.50/2.50");
  }

  @Test
  void theServicesOwnDeliveryJoinsTheRoundWhenBothSidesWereScraped() throws Exception {
    Round r = round();
    Path b = result("base.tsv", 2.0);
    Path h = result("head.tsv", 2.5);
    Files.writeString(WsRun.scrape(b, "start"), deliveries(0, 0));
    Files.writeString(WsRun.scrape(b, "end"), deliveries(1_000, 2.0));
    Files.writeString(WsRun.scrape(h, "start"), deliveries(0, 0));
    Files.writeString(WsRun.scrape(h, "end"), deliveries(1_000, 2.4));

    assertThat(merge(r, b, h, "round 1/8")).isTrue();

    Run base = Inputs.read(r.base(), new RunOptions());
    Run head = Inputs.read(r.head(), new RunOptions());
    assertThat(value(base, "service WS /ws delivery", Metric.MEAN)).isCloseTo(2_000, within(1e-6));
    assertThat(value(head, "service WS /ws delivery", Metric.MEAN)).isCloseTo(2_400, within(1e-6));
    assertThat(value(head, "WS /ws delivery", Metric.P50)).isEqualTo(2.5);
    assertThat(captured.out()).contains(", service p50 us: base ");

    // One side without its end scrape: the client's times still count, the service's for neither.
    Path baseRun2 = Files.createDirectories(tmp.resolve("r2/base"));
    Path headRun2 = Files.createDirectories(tmp.resolve("r2/head"));
    Files.delete(WsRun.scrape(h, "end"));
    WsRun.merge(Optional.of(b), baseRun2, Optional.of(h), headRun2, "round 2/8", progress);
    assertThat(baseRun2.resolve("realtime/result.tsv")).exists();
    assertThat(baseRun2.resolve("realtime/start.prom")).doesNotExist();
    assertThat(captured.err()).contains("round 2/8 /ws: a side's metrics scrapes are missing");
  }

  @Test
  void thePlatformIsScrapedWhenTheClientsRecordedWindowStartsAndEnds() throws Exception {
    AtomicInteger served = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/actuator/prometheus",
        x -> {
          byte[] body =
              ("platform_ws_delivery_latency_seconds_count " + served.incrementAndGet() + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.start();
    try {
      Path log = tmp.resolve("client.log");
      Path result = tmp.resolve("ws.tsv");
      // A client that warms up, records, then takes a while to close its connections.
      Process client =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  "echo 'warming up'; sleep 0.3; echo 'recording for 1'; sleep 0.5;"
                      + " echo recorded; sleep 0.5")
              .redirectOutput(log.toFile())
              .start();
      WsRun.scrapeRecordedWindow(
          client, log, "http://127.0.0.1:" + server.getAddress().getPort(), result, 1);
      assertThat(client.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(WsRun.scrape(result, "start"))).contains("_count 1");
      assertThat(Files.readString(WsRun.scrape(result, "end"))).contains("_count 2");
      assertThat(served).hasValue(2);
    } finally {
      server.stop(0);
    }
  }

  /** A scrape of platform-api's /ws delivery histogram: {@code n} frames, all within 4 ms. */
  private static String deliveries(long n, double sumSeconds) {
    String h = "platform_ws_delivery_latency_seconds";
    return String.join(
        "\n",
        h + "_bucket{le=\"0.001\"} 0",
        h + "_bucket{le=\"0.004\"} " + n,
        h + "_bucket{le=\"+Inf\"} " + n,
        h + "_count " + n,
        h + "_sum " + sumSeconds,
        "");
  }

  @Test
  void aSideWithoutResultLeavesTheOtherOutToo() throws Exception {
    Round r = round();
    Path b = result("base.tsv", 2.0);

    boolean kept = merge(r, b, null, "round 2/8");

    assertThat(kept).isFalse();
    assertThat(Inputs.read(r.base(), new RunOptions()).measurements())
        .noneMatch(m -> m.name().startsWith("WS "));
    assertThat(captured.err())
        .contains("round 2/8 /ws is left out of the round: the head side has no result");
  }

  @Test
  void aSideThatReceivedNoEventsLeavesTheRoundsWsOut() throws Exception {
    Round r = round();
    Path b = result("base.tsv", 2.0);
    Path h =
        Files.writeString(
            tmp.resolve("head.tsv"), "# RealtimeLoad result\nWS /ws connect\t3.00\t50\n");

    boolean kept = merge(r, b, h, "round 4/8");

    assertThat(kept).isFalse();
    assertThat(r.base().resolve("realtime")).doesNotExist();
    assertThat(r.head().resolve("realtime")).doesNotExist();
    assertThat(captured.err())
        .contains(
            "round 4/8 /ws is left out of the round: base measured [WS /ws connect, WS /ws delivery], head [WS /ws connect]");
  }

  @Test
  void anUnreadableResultLeavesTheRoundsWsOut() throws Exception {
    Round r = round();
    Path b = result("base.tsv", 2.0);
    Path h = Files.writeString(tmp.resolve("head.tsv"), "WS /ws delivery\tslow\t1\n");

    boolean kept = merge(r, b, h, "round 3/8");

    assertThat(kept).isFalse();
    assertThat(r.base().resolve("realtime")).doesNotExist();
    assertThat(captured.err()).contains("round 3/8 /ws is left out").contains("'slow'");
  }

  @Test
  void theClientRunsLatencyAgainstThePlatformsWsEndpoint() {
    List<String> cmd =
        WsRun.command("http://127.0.0.1:4711", Path.of("/h/classes"), Path.of("/w/r.tsv"), 200, 8);
    assertThat(String.join(" ", cmd))
        .contains("-cp /h/classes " + WsRun.CLIENT + " latency --url ws://127.0.0.1:4711/ws")
        .contains("--clients 200 --seconds 8 --warmup-seconds 2 --room " + WsRun.ROOM)
        .endsWith("--result /w/r.tsv");
    assertThatThrownBy(() -> WsRun.wsUrl("https://x:1")).hasMessageContaining("'https://x:1'");
  }

  @Test
  void withWsWindowsBothPlatformsGetTheSyntheticEventsInTurnUnlessASideSetsThem() {
    assertThat(Gate.platformEnv(Map.of("A", "1"), true, false))
        .containsEntry("A", "1")
        .containsEntry(WsRun.EVENTS_ENV, "10")
        .containsEntry(WsRun.PHASE_ENV, "0")
        .containsEntry(WsRun.ALTERNATE_ENV, "true")
        .containsEntry(WsRun.WRITERS_ENV, "1");
    assertThat(Gate.platformEnv(Map.of(), true, true))
        .containsEntry(WsRun.PHASE_ENV, "50")
        .containsEntry(WsRun.ALTERNATE_ENV, "true");
    assertThat(Gate.platformEnv(Map.of(WsRun.EVENTS_ENV, "20"), true, false))
        .containsEntry(WsRun.EVENTS_ENV, "20");
    assertThat(Gate.platformEnv(Map.of("A", "1"), false, true)).isEqualTo(Map.of("A", "1"));
  }

  @Test
  void wsSettingsAreBoundedAndNamed() {
    Gate.Options o =
        new Gate.Options(
            "HEAD", 2, 1, 1, 1, 1, 0, Gate.Mode.DUET, null, Map.of(), Map.of(), 1L, 8, 200);
    assertThat(o.ws()).isTrue();
    assertThat(GateRepo.options("HEAD", 2).ws()).isFalse();
    assertThatThrownBy(
            () ->
                new Gate.Options(
                    "HEAD", 2, 1, 1, 1, 1, 0, Gate.Mode.DUET, null, Map.of(), Map.of(), 1L, 301, 1))
        .hasMessage("--ws-seconds must be 0 (no /ws window) to 300, got 301");
    assertThatThrownBy(
            () ->
                new Gate.Options(
                    "HEAD", 2, 1, 1, 1, 1, 0, Gate.Mode.DUET, null, Map.of(), Map.of(), 1L, 8, 0))
        .hasMessage("--ws-clients must be 1 to 5000, got 0");
  }

  /** A round's two Gatling run folders. */
  private record Round(Path base, Path head) {}

  private Round round() throws Exception {
    return new Round(run("base"), run("head"));
  }

  /**
   * Merges the /ws results {@code b} and {@code h} (null: that side has none) into round {@code r}.
   */
  private boolean merge(Round r, Path b, Path h, String label) {
    return WsRun.merge(
        Optional.ofNullable(b), r.base(), Optional.ofNullable(h), r.head(), label, progress);
  }

  /** A Gatling run folder of one side (the fixture's simulation.log). */
  private Path run(String side) throws Exception {
    Path fixture =
        Path.of(
            getClass().getResource("/fixtures/gatling/shopsimulation-20261127001050258").toURI());
    Path run = Files.createDirectories(tmp.resolve("load-" + side + "/prsimulation-1"));
    Files.copy(fixture.resolve("simulation.log"), run.resolve("simulation.log"));
    return run;
  }

  /** A RealtimeLoad result: 1,000 deliveries all at {@code ms}, 200 connects at 3-4 ms. */
  private Path result(String name, double ms) throws Exception {
    return Files.writeString(
        tmp.resolve(name),
        "# RealtimeLoad result: measurement, ms, count\n"
            + "WS /ws connect\t3.00\t150\n"
            + "WS /ws connect\t4.00\t50\n"
            + "WS /ws delivery\t"
            + String.format(java.util.Locale.ROOT, "%.2f", ms)
            + "\t1000\n");
  }

  private static double value(Run run, String name, Metric metric) {
    return run.measurements().stream()
        .filter(m -> m.name().equals(name) && m.metric() == metric)
        .mapToDouble(Measurement::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " " + metric + " in " + run.id()));
  }
}
