package dev.redline.checker.ingest;

import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The measurements of one request name of a load tool's run (Gatling, k6), the same whatever the
 * tool: mean, p50, p75, p95, p99 of the OK response times in ms (their samples: the exact
 * distribution), rps (samples: the per-second response counts) and the error rate in percent
 * (samples: failed out of all responses).
 */
public final class RequestMeasurements {
  private static final Metric[] LATENCY = {
    Metric.MEAN, Metric.P50, Metric.P75, Metric.P95, Metric.P99
  };

  /** The name of all requests together, as Gatling's report calls it. */
  public static final String ALL_REQUESTS = "All Requests";

  private RequestMeasurements() {}

  /**
   * @param name the request's name
   * @param okMs response times of the OK responses, ms
   * @param failed responses that failed
   * @param perSecond responses per second of the run, gaps included
   * @param rps responses per second over the whole run; NaN when the arrival rate was an input (an
   *     open model fixed it), so it is checked, never compared
   */
  public static List<Measurement> of(
      String name, Samples.Distribution okMs, long failed, double[] perSecond, double rps) {
    Map<String, String> tags = Map.of("request", name);
    List<Measurement> out = new ArrayList<>();
    if (okMs.size() > 0) {
      for (Metric m : LATENCY) {
        double value = m == Metric.MEAN ? okMs.mean() : okMs.quantile(m.quantile());
        out.add(new Measurement(name, m, Units.MS, Direction.LOWER_IS_BETTER, value, okMs, tags));
      }
    }
    if (!Double.isNaN(rps)) {
      out.add(
          new Measurement(
              name,
              Metric.RPS,
              Units.REQ_PER_S,
              Direction.HIGHER_IS_BETTER,
              rps,
              new Samples.Observations(perSecond),
              tags));
    }
    long all = okMs.size() + failed;
    out.add(
        new Measurement(
            name,
            Metric.ERROR_RATE,
            Units.PERCENT,
            Direction.LOWER_IS_BETTER,
            all == 0 ? 0 : (double) failed / all * 100,
            new Samples.Proportion(failed, all),
            tags));
    return out;
  }

  /**
   * Marks a load run invalid (stored, never a baseline) when no request completed or more than half
   * of them failed.
   */
  public static void judge(Run.Builder run, long all, long failed) {
    if (all == 0) {
      run.valid(false, "no request completed");
    } else if ((double) failed / all > 0.5) {
      run.valid(false, "more than half of the requests failed");
    }
  }
}
