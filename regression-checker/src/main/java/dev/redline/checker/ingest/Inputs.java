package dev.redline.checker.ingest;

import dev.redline.checker.ingest.gatling.GatlingImporter;
import dev.redline.checker.ingest.jmh.JmhImporter;
import dev.redline.checker.ingest.k6.K6Importer;
import dev.redline.checker.ingest.provenance.Provenance;
import dev.redline.checker.ingest.realtime.RealtimeImporter;
import dev.redline.checker.model.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads result paths into runs: each path goes to the first {@link Importer} that recognises its
 * content, gets the provenance detected where it lies and the user's overrides.
 */
public final class Inputs {
  /** Every source Redline reads; a new source is one package and one entry here. */
  private static final List<Importer> IMPORTERS =
      List.of(new GatlingImporter(), new JmhImporter(), new K6Importer(), new RealtimeImporter());

  private Inputs() {}

  /** One run per path. */
  public static List<Run> read(List<Path> paths, RunOverrides overrides) throws InputException {
    List<Run> runs = new ArrayList<>();
    for (Path p : paths) {
      runs.add(read(p, overrides));
    }
    return runs;
  }

  /** One run from one path. */
  public static Run read(Path path, RunOverrides overrides) throws InputException {
    Importer importer = importerOf(path);
    return finish(importer.read(path, provenance(path)), overrides);
  }

  /** Several Gatling logs of one run (parallel injectors) merged exactly into one run. */
  public static Run readMerged(List<Path> paths, RunOverrides overrides) throws InputException {
    for (Path p : paths) {
      Importer importer = importerOf(p);
      if (!(importer instanceof GatlingImporter)) {
        throw new InputException(
            p, "Only Gatling runs can be merged, but " + p + " is " + importer.what() + ".");
      }
    }
    Run.Builder b = provenance(paths.get(0));
    b.provenance("input", String.join(", ", paths.stream().map(Path::toString).toList()));
    return finish(GatlingImporter.readMerged(paths, b), overrides);
  }

  /** The importer whose source {@code path} holds, judged by its content. */
  static Importer importerOf(Path path) throws InputException {
    InputFiles.requireExists(path);
    byte[] head = new byte[0];
    if (!Files.isDirectory(path)) {
      InputFiles.requireRegularFile(path, "The result file", Long.MAX_VALUE);
      head = InputFiles.head(path);
      if (head.length == 0) {
        throw new InputException(path, "The result file " + path + " is empty.");
      }
    }
    for (Importer importer : IMPORTERS) {
      if (importer.accepts(path, head)) {
        return importer;
      }
    }
    throw new InputException(
        path,
        "The result file "
            + path
            + " is none of the results Redline reads (a Gatling run folder or simulation.log, JMH"
            + " JSON, k6 JSON output, a WebSocket result): it starts with '"
            + opening(head)
            + "'.");
  }

  /** The file's first printable characters, for the message. */
  private static String opening(byte[] head) {
    String text = new String(head, 0, Math.min(head.length, 40), StandardCharsets.ISO_8859_1);
    return text.replaceAll("[^\\x20-\\x7e]", "?").strip();
  }

  private static final Map<Path, Provenance> DETECTED = new ConcurrentHashMap<>();

  /**
   * Provenance detected on this machine from the git checkout holding {@code path} (results are
   * ingested where they were measured); the run's own files (JMH's JDK) override it later.
   */
  static Run.Builder provenance(Path path) {
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

  /** The user's overrides; the profile {@code default} keeps a profile the result named. */
  static Run finish(Run.Builder b, RunOverrides o) {
    if (o != null) {
      if (o.suite() != null) {
        b.suite(o.suite());
      }
      if (o.profile() != null && !("default".equals(o.profile()) && b.profile() != null)) {
        b.profile(o.profile());
      }
      if (o.branch() != null) {
        b.branch(o.branch());
      }
      if (o.commit() != null) {
        b.commit(o.commit());
      }
    }
    return b.build();
  }
}
