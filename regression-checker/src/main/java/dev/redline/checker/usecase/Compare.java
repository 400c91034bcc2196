package dev.redline.checker.usecase;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.ComparisonException;
import dev.redline.checker.decide.Decider;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.ingest.RunOverrides;
import dev.redline.checker.model.Run;
import dev.redline.checker.report.ConsoleReport;
import dev.redline.checker.report.HtmlReport;
import dev.redline.checker.report.JUnitReport;
import dev.redline.checker.report.MarkdownReport;
import dev.redline.checker.store.LocalHistoryStore;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.RunQuery;
import dev.redline.checker.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Comparing current runs with a baseline: choosing the baseline (the history of a branch, or runs
 * given), deciding, writing the reports and storing the runs with their verdicts. The steps are
 * separate so the caller can print each one's outcome as it happens.
 */
public final class Compare {
  /** How the baseline is chosen. */
  public enum Mode {
    auto,
    ab,
    history,
    file
  }

  /** Runs of the trend the HTML report shows at most. */
  static final int TREND_RUNS = 50;

  private final ResultStore store;
  private final DecisionConfig config;

  public Compare(ResultStore store, DecisionConfig config) {
    this.store = store;
    this.config = config;
  }

  /**
   * The decision config of {@code file} (null: {@code redline.properties} at the repository {@code
   * root} when it exists, else built-in), with {@code threshold} (percent, null: the config's) over
   * its default limit.
   */
  public static DecisionConfig config(Path file, Path root, Double threshold) throws IOException {
    if (file == null) {
      Path dflt = root.resolve("redline.properties");
      file = Files.isRegularFile(dflt) ? dflt : null;
    } else if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("The config file " + file + " does not exist.");
    }
    DecisionConfig cfg = file == null ? DecisionConfig.defaults() : DecisionConfig.load(file);
    return threshold == null ? cfg : cfg.withThreshold(threshold);
  }

  /**
   * One comparison as {@code compare} and the orchestrating commands ask for it: result paths and
   * settings, nothing left to parse.
   *
   * @param mode the effective mode (never {@code auto})
   * @param overrides the current runs' suite, profile, branch and commit; the baseline runs take
   *     only its suite and profile
   * @param merge the current paths are parallel injectors of one run
   * @param save store the current runs (and verdicts) afterwards
   */
  public record Request(
      Mode mode,
      List<Path> baseline,
      List<Path> current,
      RunOverrides overrides,
      boolean merge,
      String baselineBranch,
      int last,
      boolean paired,
      boolean pairedIterations,
      boolean allowCrossMachine,
      boolean save,
      Reports reports) {}

  /** Suite, profile, branch and commit given as values. */
  public record Overrides(String suite, String profile, String branch, String commit)
      implements RunOverrides {}

  /** Opens the store a comparison reads its history from and saves to. */
  @FunctionalInterface
  public interface Stores {
    ResultStore open() throws StoreException;
  }

  /**
   * Reads the current runs, then opens the store and decides, reports and stores as {@code request}
   * says, printing each step's outcome to {@code out} (the console table, the files written, where
   * the runs went) and what the reports lack to {@code warnings}. Returns the comparison, or null
   * when a history had no baseline yet and the current run was stored as its first.
   */
  public static Comparison run(
      Request request,
      DecisionConfig config,
      Stores stores,
      PrintWriter out,
      Consumer<String> warnings)
      throws InputException, StoreException, ComparisonException, IOException {
    RunOverrides o = request.overrides();
    List<Run> cur =
        request.merge()
            ? List.of(Inputs.readMerged(request.current(), o))
            : Inputs.read(request.current(), o);
    try (ResultStore store = stores.open()) {
      return new Compare(store, config).run(request, cur, out, warnings);
    }
  }

  private Comparison run(Request request, List<Run> cur, PrintWriter out, Consumer<String> warnings)
      throws InputException, StoreException, ComparisonException, IOException {
    RunOverrides o = request.overrides();
    List<Run> base;
    if (request.mode() == Mode.history) {
      base = historyBaseline(cur, request.baselineBranch(), request.last());
      if (base.isEmpty()) {
        if (!request.save()) {
          throw noBaseline(cur.get(0), request.baselineBranch());
        }
        save(cur).forEach(out::println);
        out.println(firstBaseline(cur.get(0), request.baselineBranch()));
        return null;
      }
    } else {
      RunOverrides baseOptions =
          o == null ? null : new Overrides(o.suite(), o.profile(), null, null);
      base = Inputs.read(request.baseline(), baseOptions);
    }
    Comparison comparison =
        decide(
            request.mode(),
            base,
            cur,
            request.paired(),
            request.pairedIterations(),
            request.allowCrossMachine());
    out.print(ConsoleReport.render(comparison));
    writeReports(comparison, request.reports(), warnings).forEach(p -> out.println("Wrote " + p));
    if (request.save()) {
      save(cur, comparison).forEach(out::println);
    }
    return comparison;
  }

  /**
   * The mode {@code auto} stands for: history without baseline runs; ab with at least two runs on
   * each side (a merged current counts as one); else file.
   */
  public static Mode effective(Mode mode, int baselineRuns, int currentRuns, boolean merged) {
    if (mode != Mode.auto) {
      return mode;
    }
    if (baselineRuns == 0) {
      return Mode.history;
    }
    return baselineRuns >= 2 && (merged ? 1 : currentRuns) >= 2 ? Mode.ab : Mode.file;
  }

  /**
   * The last {@code last} good runs of {@code branch} like the first current run (same suite,
   * profile, machine), the current runs themselves excluded; empty when there is none yet.
   */
  public List<Run> historyBaseline(List<Run> current, String branch, int last)
      throws StoreException {
    Set<String> ids = current.stream().map(Run::id).collect(Collectors.toSet());
    return store
        .lastGood(RunQuery.baselineFor(current.get(0), branch), last + current.size())
        .stream()
        .filter(r -> !ids.contains(r.id()))
        .limit(last)
        .toList();
  }

  /** The sentence for a history without a baseline when nothing is stored. */
  public ComparisonException noBaseline(Run current, String branch) {
    return new ComparisonException(
        "The "
            + store.describe()
            + " has no good run of "
            + current.suite()
            + " (profile "
            + current.profile()
            + ") on branch "
            + branch
            + " from this machine; ingest some first or pass --baseline.");
  }

  /** The sentence after the first run of its kind was stored as the history's start. */
  public String firstBaseline(Run current, String branch) {
    return "No good run of "
        + current.suite()
        + " (profile "
        + current.profile()
        + ") on branch "
        + branch
        + " on this machine yet: recorded this run"
        + (current.valid() ? " as the first baseline" : " (invalid, so not a baseline)")
        + " in "
        + store.describe()
        + ".";
  }

  /**
   * The verdicts of {@code current} against {@code baseline}; {@code paired} pairs the i-th runs of
   * both sides (ab rounds), {@code pairedIterations} their j-th iterations too.
   */
  public Comparison decide(
      Mode mode,
      List<Run> baseline,
      List<Run> current,
      boolean paired,
      boolean pairedIterations,
      boolean allowCrossMachine)
      throws ComparisonException {
    return new Decider(config, paired && mode == Mode.ab, pairedIterations)
        .compare(mode.name(), baseline, current, allowCrossMachine);
  }

  /** Where the reports go; a null file is not written. */
  public record Reports(Path markdown, Path junit, Path html) {
    /** The three files in {@code dir} (verdicts.md, junit.xml, report.html), each overridable. */
    public static Reports in(Path dir, Path markdown, Path junit, Path html) {
      return new Reports(
          markdown != null ? markdown : dir == null ? null : dir.resolve("verdicts.md"),
          junit != null ? junit : dir == null ? null : dir.resolve("junit.xml"),
          html != null ? html : dir == null ? null : dir.resolve("report.html"));
    }

    List<Path> files() {
      List<Path> out = new ArrayList<>();
      for (Path p : new Path[] {markdown, junit, html}) {
        if (p != null) {
          out.add(p);
        }
      }
      return out;
    }
  }

  /**
   * Writes the reports (each replaced atomically); the HTML one shows the trend of the last valid
   * runs like the current one. Returns the files written; a trend that cannot be read is told to
   * {@code warnings} and the page is written without it.
   */
  public List<Path> writeReports(Comparison c, Reports reports, Consumer<String> warnings)
      throws IOException {
    if (reports.markdown() != null) {
      write(reports.markdown(), MarkdownReport.render(c));
    }
    if (reports.junit() != null) {
      write(reports.junit(), JUnitReport.render(c));
    }
    if (reports.html() != null) {
      write(reports.html(), HtmlReport.render(c, trend(c, warnings)));
    }
    return reports.files();
  }

  /** The valid runs like the current one, oldest first, the current runs whatever they are. */
  List<Run> trend(Comparison c, Consumer<String> warnings) {
    List<Run> history = new ArrayList<>();
    Run ref = c.current().get(0);
    try {
      history.addAll(store.list(new RunQuery(ref.suite(), ref.profile(), null, ref.machine())));
    } catch (Exception e) {
      warnings.accept("no trend in the HTML report: " + e.getMessage());
    }
    // Runs marked invalid are no one's trend; the current run is shown whatever it is.
    Set<String> currentIds = c.current().stream().map(Run::id).collect(Collectors.toSet());
    history.removeIf(r -> !r.valid() && !currentIds.contains(r.id()));
    history.sort(Comparator.comparing(Run::startedAt));
    return history.size() > TREND_RUNS
        ? history.subList(history.size() - TREND_RUNS, history.size())
        : history;
  }

  /** Stores each run; returns one sentence per run saying where it went or that it was there. */
  public List<String> save(List<Run> runs) throws StoreException {
    List<String> out = new ArrayList<>();
    for (Run r : runs) {
      ResultStore.Saved saved = store.save(r);
      out.add(
          saved.stored()
              ? "Saved run " + r.id() + " to " + saved.where() + "."
              : "Run " + r.id() + " is already in " + saved.where() + "; not stored again.");
    }
    return out;
  }

  /** Stores the runs, then the verdicts against the last of them. */
  public List<String> save(List<Run> runs, Comparison c) throws StoreException {
    List<String> out = save(runs);
    store.saveVerdicts(runs.get(runs.size() - 1), c.verdicts());
    return out;
  }

  private static void write(Path file, String content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    LocalHistoryStore.makeReadable(tmp);
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
