package dev.redline.checker.usecase;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.ComparisonException;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.ingest.InputException;
import dev.redline.checker.store.ResultStore;
import dev.redline.checker.store.StoreException;
import dev.redline.checker.store.influx.InfluxStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the orchestrating commands ({@code gate}, {@code bench}, {@code run}) decide after they
 * measured, with the settings {@code compare} takes from the environment: the decision config
 * ({@code REDLINE_CONFIG}, else {@code redline.properties} at the repository root; {@code
 * REDLINE_THRESHOLD}), the history's length ({@code REDLINE_HISTORY_RUNS}), {@code
 * REDLINE_ALLOW_CROSS_MACHINE} and the store ({@code REDLINE_HISTORY}, {@code INFLUX_URL}). Its
 * output goes where the caller says; store notices and report warnings go to stderr.
 */
public final class Check {
  private final Map<String, String> env;
  private final Path root;
  private final Path history;

  /**
   * @param root the repository: its {@code redline.properties} and {@code .redline/history}
   * @param history the history folder, overriding {@code REDLINE_HISTORY}; null for none
   */
  public Check(Map<String, String> env, Path root, Path history) {
    this.env = env;
    this.root = root;
    this.history = history;
  }

  /** With this process's environment. */
  public static Check fromEnvironment(Path root) {
    return new Check(System.getenv(), root, null);
  }

  /**
   * The gate's decision: the i-th {@code base} and i-th {@code head} run were measured in the same
   * round ({@code pairedIterations}: their iterations ran side by side too); nothing is stored.
   */
  public Comparison paired(
      List<Path> base,
      List<Path> head,
      Compare.Overrides overrides,
      boolean pairedIterations,
      Path reportDir,
      PrintWriter out)
      throws InputException, StoreException, ComparisonException, IOException {
    return Compare.run(
        new Compare.Request(
            Compare.Mode.ab,
            base,
            head,
            overrides,
            false,
            overrides.branch(),
            1,
            true,
            pairedIterations,
            allowCrossMachine(),
            false,
            Compare.Reports.in(reportDir, null, null, null)),
        config(),
        this::store,
        out,
        this::warn);
  }

  /**
   * A local result's last step: with {@code compare}, its verdicts against the previous valid runs
   * of its branch (the overrides' branch) on this machine, then stored with them; else only stored.
   * Returns the comparison, null when there was none (not asked, or the first run of its kind).
   */
  public Comparison againstHistory(
      Path result, Compare.Overrides overrides, boolean compare, Path reportDir, PrintWriter out)
      throws InputException, StoreException, ComparisonException, IOException {
    if (!compare) {
      Ingest.store(List.of(result), overrides, false, null, this::store, out);
      return null;
    }
    return Compare.run(
        new Compare.Request(
            Compare.Mode.history,
            List.of(),
            List.of(result),
            overrides,
            false,
            overrides.branch(),
            last(),
            false,
            false,
            allowCrossMachine(),
            true,
            Compare.Reports.in(reportDir, null, null, null)),
        config(),
        this::store,
        out,
        this::warn);
  }

  /** The decision config of {@code REDLINE_CONFIG} and {@code REDLINE_THRESHOLD}. */
  public DecisionConfig config() throws IOException {
    String file = value("REDLINE_CONFIG");
    String threshold = value("REDLINE_THRESHOLD");
    Double pct;
    try {
      pct = threshold == null ? null : Double.valueOf(threshold);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "REDLINE_THRESHOLD must be a number of percent, got '" + threshold + "'.", e);
    }
    return Compare.config(file == null ? null : Path.of(file), root, pct);
  }

  int last() {
    String v = value("REDLINE_HISTORY_RUNS");
    try {
      int n = v == null ? 10 : Integer.parseInt(v);
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new IllegalArgumentException("REDLINE_HISTORY_RUNS must be within 1..1000, got " + v);
  }

  boolean allowCrossMachine() {
    return Boolean.parseBoolean(value("REDLINE_ALLOW_CROSS_MACHINE"));
  }

  /**
   * {@code history}, else {@code REDLINE_HISTORY}, else the repository's {@code .redline/history}.
   */
  Path historyDir() {
    if (history != null) {
      return history;
    }
    String dir = value("REDLINE_HISTORY");
    return dir != null ? Path.of(dir) : root.resolve(".redline").resolve("history");
  }

  private ResultStore store() throws StoreException {
    return InfluxStores.open(historyDir(), env, System.err::println);
  }

  private void warn(String warning) {
    System.err.println("warning: " + warning);
  }

  private String value(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
