package dev.redline.checker.cli;

import dev.redline.checker.ingest.gatling.GatlingRun;
import dev.redline.checker.ingest.gatling.RequestStats;
import dev.redline.checker.ingest.gatling.ResponseTimes;
import dev.redline.checker.ingest.gatling.SecondWindow;
import dev.redline.checker.ingest.gatling.ShapeFigures;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import dev.redline.checker.model.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a decoded Gatling run into measurements: per request name (and {@code All Requests}) the
 * mean, p50, p75, p95, p99 of OK response times in ms, rps, and the error rate in percent.
 *
 * <p>Samples: the latency metrics share the request's exact OK response-time distribution; rps has
 * the per-second response counts; error rate has KO out of all responses.
 */
final class GatlingRuns {
  private static final Metric[] LATENCY = {
    Metric.MEAN, Metric.P50, Metric.P75, Metric.P95, Metric.P99
  };

  private GatlingRuns() {}

  /** The measurements and windows of {@code g}, added to {@code b}, which holds the provenance. */
  static Run.Builder toRun(GatlingRun g, Run.Builder b) {
    return toRun(g, b, false);
  }

  /**
   * The same; with {@code openModel} the arrival rate was an input (a constant rate the simulation
   * fixed), so no {@code rps} is measured: it is checked for validity instead, never compared.
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
      b.measurements(
          openModel
              ? measurements(r).stream().filter(m -> m.metric() != Metric.RPS).toList()
              : measurements(r));
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
    long count = g.total().count();
    if (count == 0) {
      b.valid(false, "no request completed");
    } else if (g.total().errorRate() > 0.5) {
      b.valid(false, "more than half of the requests failed");
    }
    return b;
  }

  static List<Measurement> measurements(RequestStats r) {
    Map<String, String> tags = Map.of("request", r.name());
    List<Measurement> out = new ArrayList<>();
    ResponseTimes ok = r.okTimesMs();
    if (!ok.isEmpty()) {
      Samples.Distribution d = distribution(ok);
      for (Metric m : LATENCY) {
        double value = m == Metric.MEAN ? ok.meanMs() : ok.percentileMs(m.quantile() * 100);
        out.add(new Measurement(r.name(), m, Units.MS, Direction.LOWER_IS_BETTER, value, d, tags));
      }
    }
    double[] perSecond = new double[r.windows().size()];
    for (int i = 0; i < perSecond.length; i++) {
      perSecond[i] = r.windows().get(i).requests();
    }
    out.add(
        new Measurement(
            r.name(),
            Metric.RPS,
            Units.REQ_PER_S,
            Direction.HIGHER_IS_BETTER,
            r.rps(),
            new Samples.Observations(perSecond),
            tags));
    out.add(
        new Measurement(
            r.name(),
            Metric.ERROR_RATE,
            Units.PERCENT,
            Direction.LOWER_IS_BETTER,
            r.errorRate() * 100,
            new Samples.Proportion(r.ko(), r.count()),
            tags));
    return out;
  }

  static Samples.Distribution distribution(ResponseTimes t) {
    int[] v = t.distinctValuesMs();
    double[] values = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      values[i] = v[i];
    }
    return new Samples.Distribution(values, t.counts(), t.count());
  }

  private static String simpleName(String className) {
    int dot = className.lastIndexOf('.');
    return dot >= 0 ? className.substring(dot + 1) : className;
  }
}
