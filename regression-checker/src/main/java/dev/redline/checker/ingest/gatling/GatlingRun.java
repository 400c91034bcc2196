package dev.redline.checker.ingest.gatling;

import dev.redline.checker.ingest.RequestMeasurements;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Gatling run, decoded exactly from its {@code simulation.log} (or merged exactly from several
 * injectors' logs by {@link GatlingLogReader#merge}).
 *
 * @param sources the log files read, one per injector
 * @param gatlingVersion the version that wrote the log(s), from the run record
 * @param simulationClassName fully qualified simulation class
 * @param simulationId Gatling's run folder prefix (the lowercased simulation name), or the
 *     lowercased simple class name when the log is not in a run folder
 * @param runDescription the run description given to Gatling, "" when none (free text: never a tag)
 * @param runStartEpochMs when Gatling started the run (earliest of the merged logs), epoch ms
 * @param startEpochMs first user start or request start, epoch ms (Gatling's report start)
 * @param endEpochMs last user end or response end, epoch ms (Gatling's report end)
 * @param scenarios scenario names, in the order of the first log
 * @param users per scenario, how many users started and ended
 * @param total all requests together, named {@value #ALL_REQUESTS}
 * @param requests one per request name (group path included), sorted by name
 * @param errors KO messages and global errors with their counts, sorted by message (free text:
 *     never a tag)
 */
public record GatlingRun(
    List<Path> sources,
    String gatlingVersion,
    String simulationClassName,
    String simulationId,
    String runDescription,
    long runStartEpochMs,
    long startEpochMs,
    long endEpochMs,
    List<String> scenarios,
    Map<String, UserCount> users,
    RequestStats total,
    List<RequestStats> requests,
    Map<String, Long> errors) {

  /** The name of the all-requests total, as Gatling's report calls it. */
  public static final String ALL_REQUESTS = RequestMeasurements.ALL_REQUESTS;

  public GatlingRun {
    sources = List.copyOf(sources);
    scenarios = List.copyOf(scenarios);
    users = Collections.unmodifiableMap(new TreeMap<>(users));
    requests = List.copyOf(requests);
    errors = Collections.unmodifiableMap(new TreeMap<>(errors));
  }

  /** Users of one scenario. */
  public record UserCount(long started, long ended) {}

  /**
   * The run's length in whole seconds, rounded up (Gatling's definition, used for every {@code
   * rps}); at least 1.
   */
  public long durationSeconds() {
    return durationSeconds(startEpochMs, endEpochMs);
  }

  static long durationSeconds(long startEpochMs, long endEpochMs) {
    return Math.max(1, (endEpochMs - startEpochMs + 999) / 1000);
  }

  /** Per-second windows of all requests together. */
  public List<SecondWindow> windows() {
    return total.windows();
  }

  /** The stats of one request name, or null when the run has none by that name. */
  public RequestStats request(String name) {
    for (RequestStats r : requests) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }
}
