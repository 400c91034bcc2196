package dev.redline.checker.cli;

import dev.redline.checker.harness.LocalRun;
import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.gatling.GatlingLogReader;
import dev.redline.checker.ingest.gatling.GatlingRun;
import dev.redline.checker.ingest.gatling.ShapeFigures;
import dev.redline.checker.ingest.provenance.Provenance;
import dev.redline.checker.ingest.realtime.RealtimeResult;
import dev.redline.checker.ingest.service.ServiceMetrics;
import dev.redline.checker.model.Run;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads result paths into runs: a {@code .json} file is a JMH result, a {@code .tsv} file a
 * WebSocket result ({@link RealtimeResult}), anything else a Gatling run folder or {@code
 * simulation.log}; a run folder's service scrapes and WebSocket result ({@link RealtimeResult})
 * join its measurements. Adds provenance and the user's overrides.
 */
public final class Inputs {
  private Inputs() {}

  /** One run per path. */
  public static List<Run> read(List<Path> paths, RunOptions options) throws InputException {
    List<Run> runs = new ArrayList<>();
    for (Path p : paths) {
      runs.add(read(p, options));
    }
    return runs;
  }

  /** One run from one path. */
  public static Run read(Path path, RunOptions options) throws InputException {
    requireExists(path);
    if (isJmh(path)) {
      return JmhRuns.read(path, options);
    }
    if (isRealtime(path)) {
      Run.Builder b = provenance(path, options);
      b.suite("realtime").source("realtime").startedAt(JmhRuns.modified(path));
      b.measurements(RealtimeResult.read(path));
      return finish(b, options);
    }
    path = windowOf(path);
    Properties local = localRun(path);
    GatlingRun g = new GatlingLogReader(local.getProperty("leftOut")).read(path);
    Run.Builder b = provenance(path, options);
    GatlingRuns.toRun(g, b, Boolean.parseBoolean(local.getProperty("openModel", "false")));
    if (Files.isDirectory(path) && ServiceMetrics.present(path)) {
      b.measurements(ServiceMetrics.read(path));
    }
    if (Files.isDirectory(path) && RealtimeResult.present(path)) {
      b.measurements(RealtimeResult.readFolder(path));
    }
    if (Files.isDirectory(path)) {
      b.measurements(ShapeFigures.read(path));
    }
    applyLocalRun(local, b);
    if (local.getProperty("profile") != null
        && options != null
        && "default".equals(options.profile)) {
      // The local run's history profile stands unless the user named another.
      RunOptions kept = new RunOptions();
      kept.suite = options.suite;
      kept.branch = options.branch;
      kept.commit = options.commit;
      options = kept;
    }
    return finish(b, options);
  }

  /**
   * The folder {@code ./redline run} prints ({@code .redline/runs/<time>-<suite>-<profile>}) read
   * as the Gatling run of its measured window; any other path as it is.
   */
  static Path windowOf(Path path) {
    Path window = path.resolve("window");
    if (Files.isDirectory(path) && Files.isDirectory(window)) {
      return dev.redline.checker.harness.Gatling.newestRun(window).orElse(path);
    }
    return path;
  }

  /** The local run's own record of the window, empty for any other Gatling run. */
  static Properties localRun(Path runFolder) throws InputException {
    Properties p = new Properties();
    Path file = runFolder.resolve(LocalRun.RUN_PROPERTIES);
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
      if (k.startsWith("validity") || k.equals("size") || k.equals("rps") || k.equals("seconds")) {
        b.provenance("run." + k, local.getProperty(k));
      }
    }
    if ("false".equals(local.getProperty("valid"))) {
      b.valid(false, local.getProperty("invalidReason", "invalid"));
    }
  }

  /** Several Gatling logs of one run (parallel injectors) merged exactly into one run. */
  public static Run readMerged(List<Path> paths, RunOptions options) throws InputException {
    for (Path p : paths) {
      requireExists(p);
      if (isJmh(p)) {
        throw new InputException(
            p, "Only Gatling runs can be merged, but " + p + " is a JMH result.");
      }
    }
    GatlingRun g = new GatlingLogReader().readAll(paths);
    Run.Builder b = provenance(paths.get(0), options);
    b.provenance("input", String.join(", ", paths.stream().map(Path::toString).toList()));
    GatlingRuns.toRun(g, b, false);
    return finish(b, options);
  }

  /**
   * By name, whatever the file is: a {@code .json} that is a FIFO or device goes to the JMH reader,
   * which refuses it before opening it.
   */
  static boolean isJmh(Path p) {
    return !Files.isDirectory(p)
        && p.getFileName() != null
        && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  /** A WebSocket result file on its own ({@code RealtimeLoad --result x.tsv}). */
  static boolean isRealtime(Path p) {
    return !Files.isDirectory(p)
        && p.getFileName() != null
        && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv");
  }

  private static void requireExists(Path path) throws InputException {
    if (!Files.exists(path)) {
      if (PathArguments.undecodable(path)) {
        throw new InputException(
            path,
            "The result path "
                + path
                + " does not exist as named: its name holds bytes that are not valid "
                + PathArguments.encoding()
                + " (shown as \uFFFD), and they match no single file there; rename the file.");
      }
      throw new InputException(path, "The result path " + path + " does not exist.");
    }
  }

  private static final Map<Path, Provenance> DETECTED = new ConcurrentHashMap<>();

  /**
   * Provenance detected on this machine from the git checkout holding {@code path} (results are
   * ingested where they were measured); the run's own files (JMH's JDK) override it later.
   */
  static Run.Builder provenance(Path path, RunOptions o) {
    Path abs = path.toAbsolutePath().normalize();
    Path dir = Files.isDirectory(abs) ? abs : abs.getParent();
    Provenance p = DETECTED.computeIfAbsent(dir, Provenance::detect);
    Run.Builder b = Run.builder();
    b.provenance("input", path.toString());
    b.jdk(p.javaVersion());
    b.machine(p.machineFingerprint());
    b.commit(p.commit().isEmpty() ? null : p.commit());
    b.branch(p.branch().isEmpty() ? null : p.branch());
    b.provenance("javaVendor", p.javaVendor());
    b.provenance("jvmFlags", String.join(" ", p.jvmFlags()));
    b.provenance("os", p.osName() + " " + p.osVersion() + " " + p.osArch());
    b.provenance("kernel", p.osVersion());
    b.provenance("cpuModel", p.cpuModel());
    // GitHub's hosted runners name their image; a new image is an environment change.
    String image = System.getenv().getOrDefault("ImageOS", "");
    if (!image.isEmpty()) {
      b.provenance("runnerImage", image + " " + System.getenv().getOrDefault("ImageVersion", ""));
    }
    b.provenance("cpuCount", String.valueOf(p.cpuCount()));
    b.provenance("memoryBytes", String.valueOf(p.memoryBytes()));
    p.toolVersions().forEach(b::toolVersion);
    return b;
  }

  static Run finish(Run.Builder b, RunOptions o) {
    if (o != null) {
      if (o.suite != null) {
        b.suite(o.suite);
      }
      if (o.profile != null) {
        b.profile(o.profile);
      }
      if (o.branch != null) {
        b.branch(o.branch);
      }
      if (o.commit != null) {
        b.commit(o.commit);
      }
    }
    return b.build();
  }
}
