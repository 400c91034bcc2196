package dev.redline.checker.harness;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.realtime.RealtimeResult;
import dev.redline.checker.ingest.service.ServiceMetrics;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One side's {@code /ws} window of a gate round: the head's WebSocket load client ({@code
 * RealtimeLoad latency}) against one platform, {@code clients} connections in the synthetic events'
 * room ({@link #ROOM}) for a short unrecorded warm-up and then {@code seconds} recorded, writing
 * its connect and delivery times as a result file the checker imports ({@link RealtimeResult}).
 * Started and finished in two calls, so that the two sides of a duet round run at the same time.
 *
 * <p>The client runs from the head checkout's compiled test classes (built with the simulations the
 * gate runs anyway), not as a single-file source program: that would compile 1,000 lines with javac
 * on every launch, twice a round, on the CPUs the platforms are measured on.
 */
public final class WsRun implements Gate.WsWindow {
  public static final String CLIENT = "dev.redline.simulations.realtime.RealtimeLoad";

  /** The client's unrecorded seconds after its connections are open (JIT of the write path). */
  static final int WARMUP_SECONDS = 2;

  /**
   * Events per second the gate asks each platform's synthetic source for: few events to many
   * clients, so that an event's fan-out (what a slower /ws makes slower) is most of its delivery
   * time, at a frame rate a platform pinned to one CPU keeps up with.
   */
  public static final int EVENTS_PER_SECOND = 10;

  /** The platform setting of that rate. */
  public static final String EVENTS_ENV = "PLATFORM_WS_SYNTHETIC_EVENTS";

  /** The platform setting of where in each period of the wall clock its events are emitted. */
  public static final String PHASE_ENV = "PLATFORM_WS_SYNTHETIC_PHASE_MS";

  /**
   * Both sides take the two slots in turn, period by period: with fixed slots (base at 0, head at
   * 50 ms) the head's delivery came out 9-13% faster in two gates of one build.
   */
  public static final String ALTERNATE_ENV = "PLATFORM_WS_SYNTHETIC_ALTERNATE";

  /**
   * A side's phase: base at the start of each period, head half a period later. Both windows run at
   * once; with free-running ticks the two platforms' events came at an offset fixed by their
   * start-ups, and the side whose events arrived while the other's were being delivered (the two
   * clients and the two platforms share the machine's two CPUs) was slower for the pair's life: an
   * A/A gate over 4 pairs had ratios of -22%, -22% (one pair) and +4%, +7% (another). In turn, each
   * side's delivery has the machine to itself.
   */
  static int phaseMillis(boolean head) {
    return head ? 500 / EVENTS_PER_SECOND : 0;
  }

  /**
   * The platform's fan-out writer threads: one, as each gate platform has one CPU. Two writers on
   * one CPU overlap each other's waits, so a fan-out that got slower by sleeping (the corpus's
   * {@code latency:P@/ws}, or a slower socket) showed as a fraction of its change.
   */
  public static final String WRITERS_ENV = "PLATFORM_WS_WRITERS";

  /**
   * The room of the synthetic events alone (platform-api's {@code SyntheticEvents.SESSION}): evenly
   * spaced, without the engine's bursts (160-270 events/s in the {@code sessions} room during a
   * gate), so delivery is the fan-out to the window's clients and not the engine's backlog.
   */
  static final String ROOM = "session:00000000-0000-4000-8000-000000005e5e";

  /** The measurement whose percentiles the progress line shows. */
  static final String DELIVERY = "WS /ws delivery";

  private final String label;
  private final Path result;
  private final Path log;
  private final Process client;
  private final int seconds;
  private final Thread scrapes;

  private WsRun(String label, Path result, Path log, Process client, int seconds, Thread scrapes) {
    this.label = label;
    this.result = result;
    this.log = log;
    this.client = client;
    this.seconds = seconds;
    this.scrapes = scrapes;
  }

  /** The platform's scrape at the start ({@code start}) or end of the window, beside the result. */
  static Path scrape(Path result, String which) {
    return Path.of(result + "." + which + ".prom");
  }

  /** The client's classes in {@code head}, if built. */
  static Path classes(Checkout head) {
    return head.root().resolve("load-simulations/target/test-classes");
  }

  /** True when {@code head} has a compiled WebSocket load client. */
  static boolean available(Checkout head) {
    return Files.isRegularFile(classes(head).resolve(CLIENT.replace('.', '/') + ".class"));
  }

  /**
   * Starts the client against {@code platform} (its output goes to {@code result.log}) and a thread
   * that scrapes the platform's metrics when the client's recorded window starts and ends.
   */
  public static WsRun start(
      Platform platform, Checkout head, Path result, String label, int clients, int seconds) {
    Path log = Path.of(result + ".log");
    try {
      Files.deleteIfExists(result);
      Files.deleteIfExists(scrape(result, "start"));
      Files.deleteIfExists(scrape(result, "end"));
    } catch (IOException e) {
      throw new HarnessException("cannot delete " + result + ": " + e.getMessage(), e);
    }
    Process p =
        Procs.start(
            new ProcessBuilder(command(platform.url(), classes(head), result, clients, seconds))
                .directory(head.root().toFile()),
            log);
    Thread scrapes =
        new Thread(
            () -> scrapeRecordedWindow(p, log, platform.url(), result, seconds),
            "ws-scrapes " + label);
    scrapes.setDaemon(true);
    scrapes.start();
    return new WsRun(label, result, log, p, seconds, scrapes);
  }

  /** The client's line when its recorded window starts, and when it ends. */
  static final String RECORDING = "recording for ";

  static final String RECORDED = "recorded";

  /**
   * Scrapes the platform when the client's log says its recorded window started, and again when it
   * ended, so the service's own delivery histogram covers the same frames as the client's figures:
   * not the connects and the unrecorded warm-up, whose slow first frames (the server accepting
   * 1,000 connections) made the service's p99 4 times the client's.
   */
  static void scrapeRecordedWindow(Process client, Path log, String url, Path result, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + WARMUP_SECONDS + 60L);
    boolean started = false;
    try {
      while (System.nanoTime() < deadline) {
        boolean alive = client.isAlive();
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        if (!started && lines.stream().anyMatch(l -> l.startsWith(RECORDING))) {
          started = MetricsScrape.scrape(url, scrape(result, "start"));
          if (!started) {
            return;
          }
        }
        if (started && lines.contains(RECORDED)) {
          MetricsScrape.scrape(url, scrape(result, "end"));
          return;
        }
        if (!alive) {
          return;
        }
        Thread.sleep(20);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // no scrape pair: the round keeps the client's figures only (merge says so)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The client's command line: {@code latency} mode against {@code url}'s {@code /ws}. */
  static List<String> command(String url, Path classes, Path result, int clients, int seconds) {
    List<String> cmd = new ArrayList<>(List.of("java", "-Xms64m", "-Xmx256m"));
    cmd.addAll(
        List.of(
            "-cp",
            classes.toString(),
            CLIENT,
            "latency",
            "--url",
            wsUrl(url),
            "--clients",
            Integer.toString(clients),
            "--seconds",
            Integer.toString(seconds),
            "--warmup-seconds",
            Integer.toString(WARMUP_SECONDS),
            "--room",
            ROOM,
            "--io-threads",
            "1",
            "--result",
            result.toString()));
    return cmd;
  }

  /** {@code http://host:port} as {@code ws://host:port/ws}. */
  static String wsUrl(String httpUrl) {
    if (!httpUrl.startsWith("http://")) {
      throw new IllegalArgumentException("expected an http:// platform URL, got '" + httpUrl + "'");
    }
    return "ws://" + httpUrl.substring("http://".length()) + "/ws";
  }

  /**
   * Waits for the client (at most its window plus a minute; then it is stopped) and returns its
   * result file, or empty with a warning naming the log when it wrote none. The client's exit code
   * 1 (a connection failed or was closed early) is said, not fatal: its figures still count.
   */
  @Override
  public Optional<Path> finish(Progress progress) {
    int code;
    try {
      if (!client.waitFor(seconds + WARMUP_SECONDS + 60L, TimeUnit.SECONDS)) {
        Procs.stop(client.toHandle(), 5);
        progress.warn(label + " /ws client did not finish in time and was stopped; log " + log);
        return Optional.empty();
      }
      code = client.exitValue();
      scrapes.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Procs.stop(client.toHandle(), 5);
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted during " + label + " /ws", e);
    }
    if (!Files.isRegularFile(result)) {
      progress.warn(
          label
              + " /ws client wrote no result (exit "
              + code
              + "): "
              + Procs.tail(log, 3).replace('\n', ' ')
              + "; log "
              + log);
      return Optional.empty();
    }
    if (code != 0) {
      progress.warn(
          label + " /ws client exit " + code + " (a connection failed or closed); log " + log);
    }
    return Optional.of(result);
  }

  /**
   * Puts a round's two /ws results into the round's run folders ({@value RealtimeResult#FOLDER}/
   * {@value RealtimeResult#FILE}, where the checker adds them to the run's measurements), both or
   * neither: a measurement present on one side of a round only would pair later rounds wrongly.
   *
   * @return true when both were kept
   */
  static boolean merge(
      Optional<Path> baseResult,
      Path baseRun,
      Optional<Path> headResult,
      Path headRun,
      String label,
      Progress progress) {
    if (baseResult.isEmpty() || headResult.isEmpty()) {
      if (baseResult.isPresent() || headResult.isPresent()) {
        progress.warn(
            label
                + " /ws is left out of the round: the "
                + (baseResult.isEmpty() ? "base" : "head")
                + " side has no result");
      }
      return false;
    }
    try {
      List<Measurement> b = RealtimeResult.read(baseResult.get());
      List<Measurement> h = RealtimeResult.read(headResult.get());
      java.util.Set<String> nb = names(b);
      java.util.Set<String> nh = names(h);
      if (!nb.equals(nh)) {
        progress.warn(
            label
                + " /ws is left out of the round: base measured "
                + nb
                + ", head "
                + nh
                + " (no events received?)");
        return false;
      }
      copy(baseResult.get(), baseRun, RealtimeResult.FILE);
      copy(headResult.get(), headRun, RealtimeResult.FILE);
      // The service's own delivery time: both sides' scrape pairs, or neither side's.
      String serviceText = "";
      Path bs = scrape(baseResult.get(), "start");
      Path be = scrape(baseResult.get(), "end");
      Path hs = scrape(headResult.get(), "start");
      Path he = scrape(headResult.get(), "end");
      if (Files.isRegularFile(bs)
          && Files.isRegularFile(be)
          && Files.isRegularFile(hs)
          && Files.isRegularFile(he)) {
        copy(bs, baseRun, RealtimeResult.START);
        copy(be, baseRun, RealtimeResult.END);
        copy(hs, headRun, RealtimeResult.START);
        copy(he, headRun, RealtimeResult.END);
        serviceText =
            ", service p50 us: base "
                + value(ServiceMetrics.wsDelivery(bs, be), Metric.P50)
                + ", head "
                + value(ServiceMetrics.wsDelivery(hs, he), Metric.P50);
      } else {
        progress.warn(
            label + " /ws: a side's metrics scrapes are missing; only the client's times count");
      }
      progress.say(
          "  "
              + label
              + " /ws delivery ms p50/p99: base "
              + percentiles(b)
              + ", head "
              + percentiles(h)
              + serviceText);
      return true;
    } catch (InputException e) {
      progress.warn(label + " /ws is left out of the round: " + e.getMessage());
      return false;
    }
  }

  private static void copy(Path result, Path run, String name) {
    Path target = run.resolve(RealtimeResult.FOLDER).resolve(name);
    try {
      Files.createDirectories(target.getParent());
      Files.copy(result, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new HarnessException(
          "cannot copy " + result + " to " + target + ": " + e.getMessage(), e);
    }
  }

  private static java.util.Set<String> names(List<Measurement> ms) {
    return new java.util.TreeSet<>(ms.stream().map(Measurement::name).toList());
  }

  private static String percentiles(List<Measurement> ms) {
    return value(ms, Metric.P50) + "/" + value(ms, Metric.P99);
  }

  private static String value(List<Measurement> ms, Metric metric) {
    return ms.stream()
        .filter(m -> m.name().endsWith(DELIVERY) && m.metric() == metric)
        .findFirst()
        .map(m -> String.format(Locale.ROOT, "%.2f", m.value()))
        .orElse("-");
  }
}
