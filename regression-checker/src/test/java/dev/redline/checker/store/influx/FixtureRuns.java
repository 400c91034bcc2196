package dev.redline.checker.store.influx;

import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.ingest.service.ServiceMetrics;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import dev.redline.checker.model.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs read from the real Gatling and JMH fixtures, re-labelled for history and trend tests. */
final class FixtureRuns {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  /** Two real Prometheus scrapes of platform-api around a PR-suite load run. */
  static final Path SERVICE_METRICS = FIXTURES.resolve("service/pr-run");

  private FixtureRuns() {}

  /** The Gatling run folder whose name starts with {@code prefix}. */
  static Run gatling(String prefix) throws Exception {
    try (Stream<Path> s = Files.list(FIXTURES.resolve("gatling"))) {
      Path folder =
          s.filter(p -> p.getFileName().toString().startsWith(prefix))
              .findFirst()
              .orElseThrow(
                  () -> new IOException("no Gatling fixture " + prefix + "* in " + FIXTURES));
      return Inputs.read(folder, null);
    }
  }

  static List<Path> gatlingFolders() throws IOException {
    try (Stream<Path> s = Files.list(FIXTURES.resolve("gatling"))) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  /**
   * A Gatling run folder as the gate leaves it when it also scraped the service: a copy of the
   * fixture {@code gatlingFolder} (same simulation.log) in {@code into}, plus the real scrape pair
   * of {@link #SERVICE_METRICS} in {@code service-metrics/}.
   */
  static Path withServiceMetrics(Path gatlingFolder, Path into) throws IOException {
    Path run = Files.createDirectories(into.resolve(gatlingFolder.getFileName()));
    try (Stream<Path> s = Files.list(gatlingFolder)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        Files.copy(f, run.resolve(f.getFileName()));
      }
    }
    Path metrics = Files.createDirectories(run.resolve(ServiceMetrics.FOLDER));
    for (String f : List.of(ServiceMetrics.START, ServiceMetrics.END)) {
      Files.copy(SERVICE_METRICS.resolve(ServiceMetrics.FOLDER).resolve(f), metrics.resolve(f));
    }
    return run;
  }

  static List<Path> jmhFiles() throws IOException {
    try (Stream<Path> s = Files.list(FIXTURES.resolve("jmh"))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  static Run read(Path path) throws Exception {
    return Inputs.read(path, null);
  }

  /**
   * The same measurements as another run: on {@code branch} at {@code commit}, {@code shift}
   * earlier or later (windows move along), latencies (Gatling's ms, the service's us) scaled by
   * {@code latencyFactor}.
   */
  static Run variant(
      Run r, String idSuffix, String branch, String commit, Duration shift, double latencyFactor) {
    List<Measurement> ms =
        r.measurements().stream()
            .map(m -> latencyFactor == 1.0 || !isTime(m.unit()) ? m : scaled(m, latencyFactor))
            .toList();
    List<Window> ws =
        r.windows().stream()
            .map(
                w ->
                    new Window(
                        w.request(),
                        w.epochSecond() + shift.toSeconds(),
                        w.requests(),
                        w.ok(),
                        w.ko(),
                        w.p95Ms() * latencyFactor,
                        w.activeUsers()))
            .toList();
    return new Run(
        r.id() + "-" + idSuffix,
        r.suite(),
        r.profile(),
        r.source(),
        commit,
        branch,
        r.jdk(),
        r.machine(),
        r.startedAt().plus(shift),
        r.endedAt().plus(shift),
        r.valid(),
        r.invalidReason(),
        r.toolVersions(),
        withRunnerImage(r.provenance()),
        ms,
        ws);
  }

  /** As on a GitHub-hosted runner, which names its image (the dashboards show it). */
  private static Map<String, String> withRunnerImage(Map<String, String> provenance) {
    Map<String, String> p = new java.util.LinkedHashMap<>(provenance);
    p.putIfAbsent("runnerImage", "ubuntu24 20261124.1");
    return p;
  }

  private static boolean isTime(String unit) {
    return unit.equals(Units.MS) || unit.equals(Units.US);
  }

  private static Measurement scaled(Measurement m, double f) {
    Samples s = m.samples();
    if (s instanceof Samples.Distribution d) {
      double[] v = d.values().clone();
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.round(v[i] * f);
      }
      s = distributionOf(v, d.counts());
    }
    return new Measurement(
        m.name(), m.metric(), m.unit(), m.direction(), m.value() * f, s, m.tags());
  }

  /** Rounded values may collide: merge equal neighbours so values stay distinct and ascending. */
  private static Samples.Distribution distributionOf(double[] v, long[] c) {
    double[] values = new double[v.length];
    long[] counts = new long[v.length];
    int k = -1;
    long n = 0;
    for (int i = 0; i < v.length; i++) {
      if (k < 0 || values[k] != v[i]) {
        values[++k] = v[i];
      }
      counts[k] += c[i];
      n += c[i];
    }
    return new Samples.Distribution(
        java.util.Arrays.copyOf(values, k + 1), java.util.Arrays.copyOf(counts, k + 1), n);
  }
}
