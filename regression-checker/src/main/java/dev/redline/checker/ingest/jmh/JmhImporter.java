package dev.redline.checker.ingest.jmh;

import dev.redline.checker.ingest.Importer;
import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.InputFiles;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A JMH JSON result ({@code -rf json}: a JSON array) as a run: per benchmark, mode and params the
 * primary score (samples: every measurement iteration of every fork) and, with {@code -prof gc},
 * allocated bytes per operation. Units are normalised to ns/op or ops/s on the way in.
 */
public final class JmhImporter implements Importer {

  @Override
  public String what() {
    return "a JMH result";
  }

  /** JSON whose first value is an array. */
  @Override
  public boolean accepts(Path path, byte[] head) {
    return InputFiles.firstLine(head).startsWith("[");
  }

  @Override
  public Run.Builder read(Path json, Run.Builder b) throws InputException {
    List<JmhResult> results = new JmhJsonReader().read(json);
    b.suite("jmh").source("jmh").startedAt(InputFiles.modified(json));
    JmhResult first = results.get(0);
    b.toolVersion("jmh", first.jmhVersion());
    if (first.jdkVersion() != null && !first.jdkVersion().isEmpty()) {
      b.jdk(first.jdkVersion());
    }
    b.provenance("jvmArgs", String.join(" ", first.jvmArgs()));
    b.provenance("vm", first.vmName() + " " + first.vmVersion());
    for (JmhResult r : results) {
      String name = name(r);
      Map<String, String> tags =
          Map.of("benchmark", r.benchmark(), "mode", r.mode(), "params", r.paramsLabel());
      Units.Normalised score;
      try {
        score = Units.normalise(r.score(), r.unit());
      } catch (IllegalArgumentException e) {
        throw new InputException(
            json,
            "The JMH result "
                + json
                + " has benchmark "
                + r.benchmark()
                + " in an "
                + e.getMessage()
                + ".");
      }
      double factor = score.value() / r.score();
      if (!Double.isFinite(factor)) {
        factor = Units.factor(r.unit());
      }
      b.measurement(
          new Measurement(
              name,
              Metric.SCORE,
              score.unit(),
              score.direction(),
              score.value(),
              new Samples.Observations(scaled(r.allIterations(), factor)),
              tags));
      JmhResult.SecondaryMetric alloc = r.secondaryMetrics().get(JmhResult.GC_ALLOC_RATE_NORM);
      if (alloc != null && Double.isFinite(alloc.score())) {
        List<Double> raw = alloc.rawData().stream().flatMap(List::stream).toList();
        b.measurement(
            new Measurement(
                name,
                Metric.ALLOC,
                Units.BYTES_PER_OP,
                Direction.LOWER_IS_BETTER,
                alloc.score(),
                new Samples.Observations(scaled(raw, 1)),
                tags));
      }
    }
    return b;
  }

  /** {@code dev.redline.bench.JoinBenchmark.join avgt (size=10)}: unique per mode and params. */
  static String name(JmhResult r) {
    String params = r.paramsLabel();
    return r.benchmark() + " " + r.mode() + (params.isEmpty() ? "" : " (" + params + ")");
  }

  private static double[] scaled(List<Double> values, double factor) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i) * factor;
    }
    return out;
  }
}
