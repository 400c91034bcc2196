package dev.redline.checker.changepoint;

import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds change points and environment changes in the stored nights: the valid runs of each suite,
 * profile and branch, oldest first, form one series per measurement; {@link EDivisive} runs on the
 * log of each series (a shift is relative: +10% is the same step at 2 ms and at 200 ms).
 *
 * <p>A series mixes machines on purpose: hosted runners change CPU model between nights, and such a
 * change is exactly what has to be seen (as an {@link EnvironmentChange}) rather than hidden by
 * splitting the series. Measurements with a value of zero or below on some night (an error rate of
 * 0%) have no log and are left out.
 */
public final class ChangePointAnalysis {
  /** Environment changes within this many nights of a change point explain it. */
  static final int ENVIRONMENT_WINDOW = 1;

  /** Stored change points within this many nights are the same one, found again. */
  static final int SAME_WITHIN = 2;

  private final EDivisive detector;

  public ChangePointAnalysis(EDivisive detector) {
    this.detector = detector;
  }

  /** What the analysis found, oldest first. */
  public record Result(List<ChangePoint> changePoints, List<EnvironmentChange> environment) {}

  /** Analyses every series in {@code runs} (any order; invalid runs are left out). */
  public Result analyse(List<Run> runs) {
    Map<String, List<Run>> groups = new LinkedHashMap<>();
    runs.stream()
        .filter(Run::valid)
        .sorted(Comparator.comparing(Run::startedAt).thenComparing(Run::id))
        .forEach(
            r ->
                groups
                    .computeIfAbsent(
                        r.suite() + "\u0000" + r.profile() + "\u0000" + r.branch(),
                        k -> new ArrayList<>())
                    .add(r));
    List<ChangePoint> points = new ArrayList<>();
    List<EnvironmentChange> environment = new ArrayList<>();
    for (List<Run> nights : groups.values()) {
      List<EnvironmentChange> env = environmentChanges(nights);
      environment.addAll(env);
      points.addAll(changePoints(nights, env));
    }
    points.sort(
        Comparator.comparing((ChangePoint c) -> c.firstAfter().startedAt())
            .thenComparing(ChangePoint::measurement));
    environment.sort(Comparator.comparing(e -> e.after().startedAt()));
    return new Result(points, environment);
  }

  /** The JDK, kernel, CPU model and runner image of a run; "" where unknown. */
  static Map<String, String> environmentOf(Run r) {
    Map<String, String> env = new LinkedHashMap<>();
    String vendor = r.provenance().getOrDefault("javaVendor", "");
    env.put(
        "jdk",
        "unknown".equals(r.jdk()) ? "" : r.jdk() + (vendor.isEmpty() ? "" : " (" + vendor + ")"));
    env.put("kernel", r.provenance().getOrDefault("kernel", r.provenance().getOrDefault("os", "")));
    env.put("cpu", r.provenance().getOrDefault("cpuModel", ""));
    env.put("image", r.provenance().getOrDefault("runnerImage", ""));
    return env;
  }

  private static List<EnvironmentChange> environmentChanges(List<Run> nights) {
    List<EnvironmentChange> changes = new ArrayList<>();
    for (int i = 1; i < nights.size(); i++) {
      Run a = nights.get(i - 1);
      Run b = nights.get(i);
      Map<String, String> ea = environmentOf(a);
      Map<String, String> eb = environmentOf(b);
      for (Map.Entry<String, String> e : ea.entrySet()) {
        String from = e.getValue();
        String to = eb.get(e.getKey());
        if (!from.isEmpty() && !to.isEmpty() && !from.equals(to)) {
          changes.add(
              new EnvironmentChange(
                  b.suite(),
                  b.profile(),
                  b.branch(),
                  b.machine(),
                  e.getKey(),
                  from,
                  to,
                  Night.of(a),
                  Night.of(b)));
        }
      }
    }
    return changes;
  }

  private List<ChangePoint> changePoints(List<Run> nights, List<EnvironmentChange> env) {
    Map<String, Integer> nightIndex = new LinkedHashMap<>();
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < nights.size(); i++) {
      nightIndex.put(nights.get(i).id(), i);
      nights.get(i).measurements().forEach(m -> keys.add(m.key()));
    }
    List<ChangePoint> out = new ArrayList<>();
    for (String key : keys) {
      List<Run> withIt = new ArrayList<>();
      List<Measurement> values = new ArrayList<>();
      boolean loggable = true;
      for (Run r : nights) {
        Measurement m = r.measurementsByKey().get(key);
        if (m == null || Double.isNaN(m.value())) {
          continue;
        }
        if (!(m.value() > 0) || Double.isInfinite(m.value())) {
          loggable = false;
          break;
        }
        withIt.add(r);
        values.add(m);
      }
      if (!loggable || withIt.isEmpty()) {
        continue;
      }
      double[] logs = values.stream().mapToDouble(m -> Math.log(m.value())).toArray();
      Run first = withIt.get(0);
      String series = ChangePoint.seriesKey(first.suite(), first.profile(), first.branch(), key);
      List<EDivisive.Split> splits = detector.changePoints(logs, series.hashCode());
      for (int s = 0; s < splits.size(); s++) {
        int at = splits.get(s).index();
        int from = s == 0 ? 0 : splits.get(s - 1).index();
        int to = s + 1 < splits.size() ? splits.get(s + 1).index() : logs.length;
        Run lastBefore = withIt.get(at - 1);
        Run firstAfter = withIt.get(at);
        int afterNight = nightIndex.get(firstAfter.id());
        List<EnvironmentChange> coinciding = new ArrayList<>();
        for (EnvironmentChange e : env) {
          if (Math.abs(nightIndex.get(e.after().runId()) - afterNight) <= ENVIRONMENT_WINDOW) {
            coinciding.add(e);
          }
        }
        Set<String> nearby = new HashSet<>();
        for (int k = Math.max(0, at - SAME_WITHIN);
            k <= Math.min(withIt.size() - 1, at + SAME_WITHIN);
            k++) {
          nearby.add(withIt.get(k).id());
        }
        Measurement m = values.get(at);
        out.add(
            new ChangePoint(
                ChangePoint.idOf(series, firstAfter.id()),
                first.suite(),
                first.profile(),
                first.branch(),
                firstAfter.machine(),
                key,
                m.unit(),
                m.direction(),
                Math.exp(mean(logs, from, at)),
                Math.exp(mean(logs, at, to)),
                splits.get(s).pValue(),
                Night.of(lastBefore),
                Night.of(firstAfter),
                coinciding,
                nearby,
                false,
                ""));
      }
    }
    return out;
  }

  private static double mean(double[] v, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += v[i];
    }
    return sum / (to - from);
  }
}
