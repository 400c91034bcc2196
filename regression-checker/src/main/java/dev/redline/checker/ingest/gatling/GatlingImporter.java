package dev.redline.checker.ingest.gatling;

import dev.redline.checker.ingest.Importer;
import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.RequestMeasurements;
import dev.redline.checker.ingest.realtime.RealtimeResult;
import dev.redline.checker.ingest.service.ServiceMetrics;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Window;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A Gatling run folder or its {@code simulation.log} (a binary file whose first record is the run
 * record: byte 0, then the version string's length). Per request name (and {@code All Requests})
 * the {@link RequestMeasurements}; a run folder's service scrapes ({@link ServiceMetrics}),
 * WebSocket result ({@link RealtimeResult}) and shape figures ({@link ShapeFigures}) join them. The
 * folder {@code ./redline run} prints is read as the Gatling run of its measured window, with the
 * suite, profile and validity the local run recorded.
 */
public final class GatlingImporter implements Importer {

  @Override
  public String what() {
    return "a Gatling run";
  }

  @Override
  public boolean accepts(Path path, byte[] head) {
    if (Files.isDirectory(path)) {
      return true;
    }
    if (head.length < 5 || head[0] != 0) {
      return false;
    }
    int versionLength = ByteBuffer.wrap(head, 1, 4).getInt();
    return versionLength > 0 && versionLength < 64;
  }

  @Override
  public Run.Builder read(Path path, Run.Builder b) throws InputException {
    Path window = windowOf(path);
    Properties local = localRun(window);
    List<Path> shards = Files.isDirectory(window) ? RunFolders.shards(window) : List.of();
    GatlingLogReader reader = new GatlingLogReader(local.getProperty("leftOut"));
    // A window of several injectors: their logs merged exactly, as one run.
    GatlingRun g = shards.isEmpty() ? reader.read(window) : reader.readAll(shards);
    if (!window.equals(path)) {
      b.provenance("input", window.toString());
    }
    toRun(g, b, Boolean.parseBoolean(local.getProperty("openModel", "false")));
    if (Files.isDirectory(window) && ServiceMetrics.present(window)) {
      b.measurements(ServiceMetrics.read(window));
    }
    if (Files.isDirectory(window) && RealtimeResult.present(window)) {
      b.measurements(RealtimeResult.readFolder(window));
    }
    if (Files.isDirectory(window)) {
      b.measurements(ShapeFigures.read(window));
    }
    applyLocalRun(local, b);
    return b;
  }

  /** Several logs of one run (parallel injectors) merged exactly into one run. */
  public static Run.Builder readMerged(List<Path> paths, Run.Builder b) throws InputException {
    return toRun(new GatlingLogReader().readAll(paths), b, false);
  }

  /**
   * The folder {@code ./redline run} prints ({@code .redline/runs/<time>-<suite>-<profile>}) read
   * as the Gatling run of its measured window; any other path as it is.
   */
  static Path windowOf(Path path) {
    Path window = path.resolve("window");
    if (Files.isDirectory(path) && Files.isDirectory(window)) {
      if (!RunFolders.shards(window).isEmpty()) {
        return window;
      }
      return RunFolders.newest(window).orElse(path);
    }
    return path;
  }

  /** The local run's own record of the window, empty for any other Gatling run. */
  static Properties localRun(Path runFolder) throws InputException {
    Properties p = new Properties();
    Path file = runFolder.resolve(RunFolders.RUN_PROPERTIES);
    if (Files.isDirectory(runFolder) && Files.isRegularFile(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException | IllegalArgumentException e) {
        throw new InputException(file, "Cannot read " + file + ": " + e.getMessage());
      }
    }
    return p;
  }

  /**
   * Suite, history profile and validity as the local run recorded them (the user's --suite and
   * --profile still win), its validity figures as provenance.
   */
  static void applyLocalRun(Properties local, Run.Builder b) {
    if (local.isEmpty()) {
      return;
    }
    if (local.getProperty("id") != null) {
      b.id(local.getProperty("id"));
    }
    if (local.getProperty("suite") != null) {
      b.suite(local.getProperty("suite"));
    }
    if (local.getProperty("profile") != null) {
      b.profile(local.getProperty("profile"));
    }
    for (String k : local.stringPropertyNames()) {
      if (k.startsWith("validity")
          || k.startsWith("shard.")
          || List.of("size", "rps", "seconds", "injectors").contains(k)) {
        b.provenance("run." + k, local.getProperty(k));
      }
    }
    if ("false".equals(local.getProperty("valid"))) {
      b.valid(false, local.getProperty("invalidReason", "invalid"));
    }
  }

  /**
   * The measurements and windows of {@code g}, added to {@code b}; with {@code openModel} the
   * arrival rate was an input (a constant rate the simulation fixed), so no {@code rps} is
   * measured: it is checked for validity instead, never compared.
   */
  static Run.Builder toRun(GatlingRun g, Run.Builder b, boolean openModel) {
    b.suite(simpleName(g.simulationClassName()))
        .source("gatling")
        .startedAt(Instant.ofEpochMilli(g.startEpochMs()))
        .endedAt(Instant.ofEpochMilli(g.endEpochMs()))
        .toolVersion("gatling", g.gatlingVersion());
    List<RequestStats> all = new ArrayList<>(g.requests());
    // The soak's drift check is a request that fails on drift: the drift is stored as its own
    // measurement (ShapeFigures), the check is no endpoint.
    all.removeIf(r -> r.name().equals(ShapeFigures.SOAK_VERDICT_REQUEST));
    all.add(g.total());
    for (RequestStats r : all) {
      b.measurements(measurements(r, openModel));
      for (SecondWindow w : r.windows()) {
        b.window(
            new Window(
                r.name(),
                w.epochSecond(),
                w.requests(),
                w.ok(),
                w.ko(),
                w.p95Ms(),
                w.activeUsers()));
      }
    }
    RequestMeasurements.judge(b, g.total().count(), g.total().ko());
    return b;
  }

  static List<Measurement> measurements(RequestStats r, boolean openModel) {
    double[] perSecond = new double[r.windows().size()];
    for (int i = 0; i < perSecond.length; i++) {
      perSecond[i] = r.windows().get(i).requests();
    }
    return RequestMeasurements.of(
        r.name(), r.okTimesMs(), r.ko(), perSecond, openModel ? Double.NaN : r.rps());
  }

  private static String simpleName(String className) {
    int dot = className.lastIndexOf('.');
    return dot >= 0 ? className.substring(dot + 1) : className;
  }
}
