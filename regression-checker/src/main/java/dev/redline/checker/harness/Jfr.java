package dev.redline.checker.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recording of a running platform over one window, through the JDK's own {@code jcmd}
 * ({@code JFR.start} with the {@code profile} settings, {@code JFR.stop} writing the file), and its
 * summary read with {@code jdk.jfr.consumer}: the methods most often on top of the CPU samples, the
 * service's own methods nearest the top of them, and the top allocation sites by sampled weight.
 */
public final class Jfr {
  private static final String NAME = "redline-window";
  private static final String OWN = "dev.redline.";

  private Jfr() {}

  /** Starts recording {@code pid} into {@code file}; false (with a warning) when jcmd failed. */
  public static boolean start(long pid, Path file, Path logDir, Progress progress) {
    int code =
        Procs.run(
            List.of(
                jcmd(),
                Long.toString(pid),
                "JFR.start",
                "name=" + NAME,
                "settings=profile",
                "filename=" + file.toAbsolutePath()),
            logDir,
            logDir.resolve("jcmd-start.log"));
    if (code != 0) {
      progress.warn("jcmd could not start a recording; log " + logDir.resolve("jcmd-start.log"));
    }
    return code == 0;
  }

  /** Stops the recording, which writes its file. */
  public static boolean stop(long pid, Path logDir, Progress progress) {
    int code =
        Procs.run(
            List.of(jcmd(), Long.toString(pid), "JFR.stop", "name=" + NAME),
            logDir,
            logDir.resolve("jcmd-stop.log"));
    if (code != 0) {
      progress.warn("jcmd could not stop the recording; log " + logDir.resolve("jcmd-stop.log"));
    }
    return code == 0;
  }

  private static String jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }

  /** What a recording says, {@code top} rows a table. */
  public record Summary(
      long cpuSamples,
      List<Row> hottestMethods,
      List<Row> hottestOwnMethods,
      double allocatedBytes,
      List<Row> allocationSites) {

    /** One row: a method (or site) and its share of the samples or the sampled bytes. */
    public record Row(String what, double share) {}

    /** The summary as plain text lines. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      out.add("Top methods by CPU samples (" + cpuSamples + " samples, self time):");
      hottestMethods.forEach(r -> out.add(row(r)));
      out.add("Service methods nearest the top of the CPU samples (" + OWN + "*):");
      hottestOwnMethods.forEach(r -> out.add(row(r)));
      out.add(
          String.format(
              Locale.ROOT,
              "Top allocation sites (%.1f MB sampled weight):",
              allocatedBytes / 1_048_576));
      allocationSites.forEach(r -> out.add(row(r)));
      return out;
    }

    private static String row(Row r) {
      return String.format(Locale.ROOT, "  %5.1f%%  %s", r.share() * 100, r.what());
    }
  }

  /** Reads {@code file}. */
  public static Summary summarize(Path file, int top) throws IOException {
    Counts c = read(List.of(file));
    return new Summary(
        c.samples,
        topRows(c.self, c.samples, top),
        topRows(c.own, c.samples, top),
        c.bytes,
        topRows(c.alloc, c.bytes, top));
  }

  /**
   * CPU samples by the method on top of the stack (self time), over one or more recordings of one
   * side.
   */
  public record Profile(long samples, Map<String, Long> selfSamples) {
    /** The method's share of the samples, 0 when it was never on top (or nothing was sampled). */
    public double share(String method) {
      return samples == 0 ? 0 : selfSamples.getOrDefault(method, 0L) / (double) samples;
    }
  }

  /** The CPU profile of {@code files} together (a gate side's recordings, one per round). */
  public static Profile profile(List<Path> files) throws IOException {
    Counts c = read(files);
    return new Profile(c.samples, Map.copyOf(c.self));
  }

  /**
   * The hottest methods of two profiles side by side: the {@code top} methods with the largest
   * share on either side, each with its share of base's and of head's CPU samples and the change in
   * percentage points, largest first.
   */
  public static List<String> sideBySide(Profile base, Profile head, int top) {
    java.util.Set<String> methods = new java.util.TreeSet<>(base.selfSamples().keySet());
    methods.addAll(head.selfSamples().keySet());
    List<String> rows =
        methods.stream()
            .sorted(
                java.util.Comparator.comparingDouble(
                        (String m) -> -Math.max(base.share(m), head.share(m)))
                    .thenComparing(m -> m))
            .limit(top)
            .toList();
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "Hottest methods by CPU samples (self time): base %d samples, head %d samples",
            base.samples(),
            head.samples()));
    out.add(String.format(Locale.ROOT, "  %6s  %6s  %9s  %s", "base", "head", "change", "method"));
    for (String m : rows) {
      out.add(
          String.format(
              Locale.ROOT,
              "  %5.1f%%  %5.1f%%  %+6.1f pp  %s",
              base.share(m) * 100,
              head.share(m) * 100,
              (head.share(m) - base.share(m)) * 100,
              m));
    }
    return out;
  }

  /** What the recordings hold, counted once for the summary and the profile. */
  private static final class Counts {
    final Map<String, Long> self = new HashMap<>();
    final Map<String, Long> own = new HashMap<>();
    final Map<String, Double> alloc = new HashMap<>();
    long samples;
    double bytes;
  }

  private static Counts read(List<Path> files) throws IOException {
    Counts c = new Counts();
    for (Path file : files) {
      try (RecordingFile rf = new RecordingFile(file)) {
        while (rf.hasMoreEvents()) {
          count(rf.readEvent(), c);
        }
      }
    }
    return c;
  }

  private static void count(RecordedEvent e, Counts c) {
    String type = e.getEventType().getName();
    RecordedStackTrace st = e.getStackTrace();
    if (st == null || st.getFrames().isEmpty()) {
      return;
    }
    List<RecordedFrame> frames = st.getFrames();
    if (type.equals("jdk.ExecutionSample")) {
      c.samples++;
      c.self.merge(method(frames.get(0)), 1L, Long::sum);
      // The service's own method nearest the top: the code a developer would change for
      // whatever library or JDK work sits above it (filters at the bottom of every stack
      // would say nothing).
      for (RecordedFrame f : frames) {
        String m = method(f);
        if (m.startsWith(OWN)) {
          c.own.merge(m, 1L, Long::sum);
          break;
        }
      }
    } else if (type.equals("jdk.ObjectAllocationSample")) {
      double w = e.getLong("weight");
      c.bytes += w;
      String cls = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
      c.alloc.merge(method(firstOutsideJdk(frames)) + " (" + cls + ")", w, Double::sum);
    }
  }

  /** The allocating frame a developer can change: the first outside the JDK's own packages. */
  private static RecordedFrame firstOutsideJdk(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String m = method(f);
      if (!(m.startsWith("java.") || m.startsWith("jdk.") || m.startsWith("sun."))) {
        return f;
      }
    }
    return frames.get(0);
  }

  private static String method(RecordedFrame f) {
    if (f.getMethod() == null) {
      return "?";
    }
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static <N extends Number> List<Summary.Row> topRows(
      Map<String, N> counts, double total, int top) {
    return counts.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue().doubleValue(), a.getValue().doubleValue()))
        .limit(top)
        .map(e -> new Summary.Row(e.getKey(), total > 0 ? e.getValue().doubleValue() / total : 0))
        .toList();
  }
}
