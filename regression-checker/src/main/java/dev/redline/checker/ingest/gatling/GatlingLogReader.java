package dev.redline.checker.ingest.gatling;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.InputFiles;
import dev.redline.checker.model.Samples.Distribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Gatling {@link SimulationLogDecoder#GATLING_VERSION} runs from their binary {@code
 * simulation.log} into exact {@link GatlingRun}s, and merges several injectors' runs into one.
 *
 * <p>One streaming pass, memory about 8 bytes per OK response plus a 1 ms histogram per request
 * name. Not thread-safe per call; the class itself is stateless.
 */
public final class GatlingLogReader {
  /** The file Gatling writes in every run folder. */
  public static final String LOG_FILE = "simulation.log";

  /** Gatling run folders are {@code <simulationId>-<yyyyMMddHHmmssSSS>}. */
  private static final Pattern RUN_FOLDER = Pattern.compile("(.+)-\\d{17}");

  private final String leftOut;

  /** A reader of every record. */
  public GatlingLogReader() {
    this(null);
  }

  /**
   * A reader that leaves out the requests in the top-level group {@code leftOut} and the users of
   * the scenarios whose name starts with it: a local run's lead-in, which its Gatling report shows
   * apart and no figure includes. Null leaves out nothing.
   */
  public GatlingLogReader(String leftOut) {
    this.leftOut = leftOut;
  }

  /**
   * Reads one run.
   *
   * @param runDirOrLog a Gatling run folder holding {@value #LOG_FILE}, or the log file itself
   * @throws InputException when the folder or file is missing, the log is empty, truncated,
   *     corrupt, from another Gatling version, or holds no request
   */
  public GatlingRun read(Path runDirOrLog) throws InputException {
    Path log = locate(runDirOrLog);
    Accumulator acc = new Accumulator(leftOut);
    SimulationLogDecoder.decode(log, acc);
    if (acc.total.okMs.isEmpty() && acc.total.koCount == 0) {
      throw new InputException(log, "The Gatling log " + log + " holds no request records.");
    }
    return acc.build(log, simulationId(log, acc.header.simulationClassName()));
  }

  /**
   * Reads each path with {@link #read} and merges them: the logs of one simulation run by parallel
   * injectors.
   *
   * @throws InputException as {@link #read}, or when the logs are of different simulations
   */
  public GatlingRun readAll(List<Path> runDirsOrLogs) throws InputException {
    if (runDirsOrLogs.isEmpty()) {
      throw new IllegalArgumentException("readAll needs at least one run folder or log");
    }
    List<GatlingRun> runs = new ArrayList<>();
    for (Path p : runDirsOrLogs) {
      GatlingRun run = read(p);
      if (!runs.isEmpty() && !runs.get(0).simulationClassName().equals(run.simulationClassName())) {
        throw new InputException(
            p,
            "The Gatling log "
                + run.sources().get(0)
                + " is of simulation "
                + run.simulationClassName()
                + ", not "
                + runs.get(0).simulationClassName()
                + " like "
                + runs.get(0).sources().get(0)
                + ", so they cannot be merged into one run.");
      }
      runs.add(run);
    }
    return merge(runs);
  }

  /**
   * Merges the runs of parallel injectors into one, exactly: distributions are unioned, counts
   * added, percentiles and rates recomputed (never averaged), windows aligned by epoch second.
   *
   * @param runs at least one run, all of the same simulation class and Gatling version
   * @throws IllegalArgumentException when the list is empty or the runs are of different
   *     simulations or versions
   */
  public static GatlingRun merge(List<GatlingRun> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("merge needs at least one run");
    }
    GatlingRun first = runs.get(0);
    if (runs.size() == 1) {
      return first;
    }
    List<Path> sources = new ArrayList<>();
    LinkedHashSet<String> scenarios = new LinkedHashSet<>();
    Map<String, GatlingRun.UserCount> users = new TreeMap<>();
    Map<String, Long> errors = new TreeMap<>();
    Map<String, List<RequestStats>> byName = new TreeMap<>();
    long runStart = Long.MAX_VALUE;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (GatlingRun run : runs) {
      if (!run.simulationClassName().equals(first.simulationClassName())
          || !run.gatlingVersion().equals(first.gatlingVersion())) {
        throw new IllegalArgumentException(
            "cannot merge "
                + run.simulationClassName()
                + " (Gatling "
                + run.gatlingVersion()
                + ") into "
                + first.simulationClassName()
                + " (Gatling "
                + first.gatlingVersion()
                + ")");
      }
      sources.addAll(run.sources());
      scenarios.addAll(run.scenarios());
      run.users()
          .forEach(
              (k, v) ->
                  users.merge(
                      k,
                      v,
                      (a, b) ->
                          new GatlingRun.UserCount(
                              a.started() + b.started(), a.ended() + b.ended())));
      run.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
      for (RequestStats r : run.requests()) {
        byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
      }
      runStart = Math.min(runStart, run.runStartEpochMs());
      start = Math.min(start, run.startEpochMs());
      end = Math.max(end, run.endEpochMs());
    }
    long duration = GatlingRun.durationSeconds(start, end);
    long firstSecond = Math.floorDiv(start, 1000);
    long lastSecond = Math.floorDiv(end, 1000);
    List<RequestStats> requests = new ArrayList<>();
    for (List<RequestStats> parts : byName.values()) {
      requests.add(mergeStats(parts, duration, firstSecond, lastSecond));
    }
    RequestStats total =
        mergeStats(
            runs.stream().map(GatlingRun::total).toList(), duration, firstSecond, lastSecond);
    return new GatlingRun(
        sources,
        first.gatlingVersion(),
        first.simulationClassName(),
        first.simulationId(),
        first.runDescription(),
        runStart,
        start,
        end,
        new ArrayList<>(scenarios),
        users,
        total,
        requests,
        errors);
  }

  private static RequestStats mergeStats(
      List<RequestStats> parts, long durationSeconds, long firstSecond, long lastSecond) {
    RequestStats head = parts.get(0);
    Distribution ok = Distribution.empty();
    Distribution ko = Distribution.empty();
    int span = (int) (lastSecond - firstSecond + 1);
    long[] oks = new long[span];
    long[] kos = new long[span];
    long[] started = new long[span];
    long[] ended = new long[span];
    Distribution[] times = new Distribution[span];
    Arrays.fill(times, Distribution.empty());
    for (RequestStats part : parts) {
      ok = ok.merge(part.okTimesMs());
      ko = ko.merge(part.koTimesMs());
      for (SecondWindow w : part.windows()) {
        int i = (int) (w.epochSecond() - firstSecond);
        oks[i] += w.ok();
        kos[i] += w.ko();
        started[i] += w.usersStarted();
        ended[i] += w.usersEnded();
        times[i] = times[i].merge(w.okTimesMs());
      }
    }
    List<SecondWindow> windows = windows(firstSecond, oks, kos, times, started, ended);
    return new RequestStats(
        head.name(),
        head.groups(),
        head.requestName(),
        ok,
        ko,
        (double) (ok.size() + ko.size()) / durationSeconds,
        windows);
  }

  /** Builds windows; active users are recomputed from the cumulated starts and ends. */
  private static List<SecondWindow> windows(
      long firstSecond, long[] ok, long[] ko, Distribution[] times, long[] started, long[] ended) {
    List<SecondWindow> windows = new ArrayList<>(ok.length);
    long startedSoFar = 0;
    long endedBefore = 0;
    for (int i = 0; i < ok.length; i++) {
      startedSoFar += started[i];
      windows.add(
          new SecondWindow(
              firstSecond + i,
              ok[i],
              ko[i],
              times[i],
              started[i],
              ended[i],
              startedSoFar - endedBefore));
      endedBefore += ended[i];
    }
    return windows;
  }

  private static Path locate(Path runDirOrLog) throws InputException {
    if (Files.isDirectory(runDirOrLog)) {
      Path log = runDirOrLog.resolve(LOG_FILE);
      if (!Files.exists(log)) {
        throw new InputException(
            runDirOrLog,
            "The folder " + runDirOrLog + " holds no " + LOG_FILE + ", so it is no Gatling run.");
      }
      InputFiles.requireRegularFile(log, "The Gatling log", Long.MAX_VALUE);
      return log;
    }
    if (!Files.exists(runDirOrLog)) {
      throw new InputException(
          runDirOrLog, "The Gatling run folder or log " + runDirOrLog + " does not exist.");
    }
    InputFiles.requireRegularFile(runDirOrLog, "The Gatling log", Long.MAX_VALUE);
    return runDirOrLog;
  }

  private static String simulationId(Path log, String simulationClassName) {
    Path folder = log.toAbsolutePath().getParent();
    if (folder != null && folder.getFileName() != null) {
      Matcher m = RUN_FOLDER.matcher(folder.getFileName().toString());
      if (m.matches()) {
        return m.group(1);
      }
    }
    int dot = simulationClassName.lastIndexOf('.');
    return simulationClassName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** Growable list of ints, for one second's OK response times. */
  private static final class IntList {
    int[] values = new int[8];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    Distribution toDistribution() {
      return Distribution.ofMillis(values, size);
    }
  }

  /** Exact 1 ms histogram that grows to the largest value seen. */
  private static final class Histogram {
    long[] counts = new long[256];
    long total;

    void add(int ms) {
      if (ms >= counts.length) {
        counts = Arrays.copyOf(counts, Math.max(ms + 1, counts.length * 2));
      }
      counts[ms]++;
      total++;
    }

    boolean isEmpty() {
      return total == 0;
    }
  }

  /** One request name's (or the total's) running figures; seconds are indexed from a base. */
  private static final class RequestAcc {
    final String name;
    final List<String> groups;
    final String requestName;
    final Histogram okMs = new Histogram();
    final Histogram koMs = new Histogram();
    long koCount;
    long baseSecond;
    IntList[] okBySecond = new IntList[0];
    long[] koBySecond = new long[0];

    RequestAcc(String name, List<String> groups, String requestName, long baseSecond) {
      this.name = name;
      this.groups = groups;
      this.requestName = requestName;
      this.baseSecond = baseSecond;
    }

    void add(long endSecond, int responseTimeMs, boolean ok) {
      int i = slot(endSecond);
      if (ok) {
        okMs.add(responseTimeMs);
        IntList list = okBySecond[i];
        if (list == null) {
          list = new IntList();
          okBySecond[i] = list;
        }
        list.add(responseTimeMs);
      } else {
        koMs.add(responseTimeMs);
        koCount++;
        koBySecond[i]++;
      }
    }

    private int slot(long second) {
      long i = second - baseSecond;
      if (i < 0) {
        int shift = (int) -i;
        okBySecond = shifted(okBySecond, shift);
        long[] ko = new long[koBySecond.length + shift];
        System.arraycopy(koBySecond, 0, ko, shift, koBySecond.length);
        koBySecond = ko;
        baseSecond = second;
        return 0;
      }
      if (i >= okBySecond.length) {
        int size = (int) Math.max(i + 1, okBySecond.length * 2L);
        okBySecond = Arrays.copyOf(okBySecond, size);
        koBySecond = Arrays.copyOf(koBySecond, size);
      }
      return (int) i;
    }

    private static IntList[] shifted(IntList[] a, int shift) {
      IntList[] b = new IntList[a.length + shift];
      System.arraycopy(a, 0, b, shift, a.length);
      return b;
    }

    RequestStats build(long firstSecond, long[] started, long[] ended, long durationSeconds) {
      int span = started.length;
      long[] ok = new long[span];
      long[] ko = new long[span];
      Distribution[] times = new Distribution[span];
      for (int s = 0; s < span; s++) {
        long idx = firstSecond + s - baseSecond;
        IntList list = idx >= 0 && idx < okBySecond.length ? okBySecond[(int) idx] : null;
        times[s] = list == null ? Distribution.empty() : list.toDistribution();
        ok[s] = times[s].size();
        ko[s] = idx >= 0 && idx < koBySecond.length ? koBySecond[(int) idx] : 0;
      }
      Distribution okTimes = Distribution.ofHistogram(okMs.counts);
      Distribution koTimes = Distribution.ofHistogram(koMs.counts);
      return new RequestStats(
          name,
          groups,
          requestName,
          okTimes,
          koTimes,
          (double) (okTimes.size() + koTimes.size()) / durationSeconds,
          windows(firstSecond, ok, ko, times, started, ended));
    }
  }

  /** Receives the decoded records and keeps running figures. */
  private static final class Accumulator implements SimulationLogDecoder.RecordVisitor {
    SimulationLogDecoder.RunHeader header;
    long runStart;
    long baseSecond;
    long minStart = Long.MAX_VALUE;
    long maxEnd = Long.MIN_VALUE;
    RequestAcc total;
    final Map<String, RequestAcc> byName = new HashMap<>();
    // request name without groups -> acc, the common case, looked up by identity first
    String lastName;
    RequestAcc lastAcc;
    final Map<Long, long[]> usersBySecond = new HashMap<>(); // second -> {started, ended}
    long[] startedByScenario = new long[0];
    long[] endedByScenario = new long[0];
    final Map<String, Long> errors = new LinkedHashMap<>();
    final String leftOut;
    boolean[] leftOutScenario = new boolean[0];

    Accumulator(String leftOut) {
      this.leftOut = leftOut;
    }

    @Override
    public void run(SimulationLogDecoder.RunHeader header) {
      this.header = header;
      this.runStart = header.startEpochMs();
      this.baseSecond = Math.floorDiv(runStart, 1000);
      this.total =
          new RequestAcc(GatlingRun.ALL_REQUESTS, List.of(), GatlingRun.ALL_REQUESTS, baseSecond);
      this.startedByScenario = new long[header.scenarios().size()];
      this.endedByScenario = new long[header.scenarios().size()];
      this.leftOutScenario = new boolean[header.scenarios().size()];
      for (int i = 0; i < leftOutScenario.length; i++) {
        leftOutScenario[i] = leftOut != null && header.scenarios().get(i).startsWith(leftOut);
      }
    }

    private boolean leftOut(String[] groups) {
      return leftOut != null && groups.length > 0 && groups[0].equals(leftOut);
    }

    @Override
    public void request(
        String[] groups, String name, int startMs, int endMs, boolean ok, String message) {
      if (leftOut(groups)) {
        return;
      }
      RequestAcc acc;
      if (groups.length == 0) {
        if (name == lastName) {
          acc = lastAcc;
        } else {
          acc = byName.get(name);
          if (acc == null) {
            acc = new RequestAcc(name, List.of(), name, baseSecond);
            byName.put(name, acc);
          }
          lastName = name;
          lastAcc = acc;
        }
      } else {
        String key = String.join(" / ", groups) + " / " + name;
        acc = byName.get(key);
        if (acc == null) {
          acc = new RequestAcc(key, List.of(groups), name, baseSecond);
          byName.put(key, acc);
        }
      }
      long start = runStart + startMs;
      long end = runStart + endMs;
      if (start < minStart) {
        minStart = start;
      }
      if (end > maxEnd) {
        maxEnd = end;
      }
      int responseTime = endMs - startMs;
      long endSecond = Math.floorDiv(end, 1000);
      acc.add(endSecond, responseTime, ok);
      total.add(endSecond, responseTime, ok);
      if (!ok && !message.isEmpty()) {
        errors.merge(message, 1L, Long::sum);
      }
    }

    @Override
    public void user(int scenarioIndex, boolean start, int timeMs) {
      if (scenarioIndex >= 0
          && scenarioIndex < leftOutScenario.length
          && leftOutScenario[scenarioIndex]) {
        return;
      }
      long t = runStart + timeMs;
      if (start && t < minStart) {
        minStart = t;
      }
      if (t > maxEnd) {
        maxEnd = t;
      }
      long[] counts = usersBySecond.computeIfAbsent(Math.floorDiv(t, 1000), k -> new long[2]);
      if (start) {
        counts[0]++;
      } else {
        counts[1]++;
      }
      if (scenarioIndex >= 0 && scenarioIndex < startedByScenario.length) {
        if (start) {
          startedByScenario[scenarioIndex]++;
        } else {
          endedByScenario[scenarioIndex]++;
        }
      }
    }

    @Override
    public void group(
        String[] groups, int startMs, int endMs, int cumulatedResponseTimeMs, boolean ok) {
      if (leftOut(groups)) {
        return;
      }
      minStart = Math.min(minStart, runStart + startMs);
      maxEnd = Math.max(maxEnd, runStart + endMs);
    }

    @Override
    public void error(String message, int timeMs) {
      errors.merge(message, 1L, Long::sum);
    }

    GatlingRun build(Path log, String simulationId) {
      long duration = GatlingRun.durationSeconds(minStart, maxEnd);
      long firstSecond = Math.floorDiv(minStart, 1000);
      int span = (int) (Math.floorDiv(maxEnd, 1000) - firstSecond + 1);
      long[] started = new long[span];
      long[] ended = new long[span];
      usersBySecond.forEach(
          (second, counts) -> {
            // a user record can only lie outside [first, last] in a log with a user ending before
            // any start; count it at the nearest edge rather than fail
            int i = (int) Math.max(0, Math.min(span - 1, second - firstSecond));
            started[i] += counts[0];
            ended[i] += counts[1];
          });
      List<RequestStats> requests = new ArrayList<>();
      for (RequestAcc acc : new TreeMap<>(byName).values()) {
        requests.add(acc.build(firstSecond, started, ended, duration));
      }
      Map<String, GatlingRun.UserCount> users = new TreeMap<>();
      for (int i = 0; i < startedByScenario.length; i++) {
        if (leftOutScenario[i]) {
          continue;
        }
        users.put(
            header.scenarios().get(i),
            new GatlingRun.UserCount(startedByScenario[i], endedByScenario[i]));
      }
      return new GatlingRun(
          List.of(log),
          header.gatlingVersion(),
          header.simulationClassName(),
          simulationId,
          header.runDescription(),
          runStart,
          minStart,
          maxEnd,
          header.scenarios(),
          users,
          total.build(firstSecond, started, ended, duration),
          requests,
          errors);
    }
  }
}
