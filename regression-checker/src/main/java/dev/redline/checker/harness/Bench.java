package dev.redline.checker.harness;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.usecase.Check;
import dev.redline.checker.usecase.Compare;
import dev.redline.checker.usecase.Exit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./redline bench}: builds the micro-benchmarks when they are missing or stale, runs a JMH
 * profile into the run folder, then records the result in the history and (unless told not to)
 * compares it with the previous runs of the same profile on this branch.
 *
 * <p>The run folder is {@code <home>/runs/<stamp>-jmh-<profile>} with {@code jmh-<profile>.json},
 * {@code jmh.log} and {@code report/}; a JMH run that leaves no result fails before anything is
 * recorded.
 */
public final class Bench {

  /** Everything {@code redline bench} takes; see its --help. */
  public record Options(
      String profile,
      List<String> jmhArgs,
      Path runDir,
      Path reportDir,
      boolean compare,
      Path history) {}

  /** Runs JMH into {@code json} with its output in {@code log}; returns JMH's exit code. */
  @FunctionalInterface
  public interface Launcher {
    int run(Path json, Path log);
  }

  private final Checkout checkout;
  private final Path redlineDir;
  private final Options o;
  private final Progress progress;
  private final Launcher jmh;

  public Bench(Checkout checkout, Path redlineDir, Options options, Progress progress) {
    this(
        checkout,
        redlineDir,
        options,
        progress,
        (json, log) ->
            Jmh.run(checkout, options.profile(), json, log, options.jmhArgs(), System.out));
  }

  Bench(Checkout checkout, Path redlineDir, Options options, Progress progress, Launcher jmh) {
    if (!Jmh.PROFILES.contains(options.profile())) {
      throw new IllegalArgumentException(
          "unknown profile '" + options.profile() + "'; use quick or full");
    }
    this.checkout = checkout;
    this.redlineDir = redlineDir;
    this.o = options;
    this.progress = progress;
    this.jmh = jmh;
  }

  /** The run folder of a bench started at {@code stamp}. */
  public static Path runDir(Path redlineDir, String stamp, String profile) {
    return redlineDir.resolve("runs").resolve(stamp + "-jmh-" + profile);
  }

  /** Where JMH writes its JSON result in a run folder. */
  public static Path result(Path runDir, String profile) {
    return runDir.resolve("jmh-" + profile + ".json");
  }

  /** The report folder: {@code --report-dir}, else the run folder's {@code report/}. */
  public static Path reportDir(Path runDir, Path given) {
    return given != null ? given.toAbsolutePath() : runDir.resolve("report");
  }

  /** {@code REDLINE_JMH_ARGS}: several JMH options in one variable, split at white space. */
  public static List<String> jmhArgs(String env) {
    return env == null || env.isBlank() ? List.of() : List.of(env.strip().split("\\s+"));
  }

  /** Runs the benchmarks, records and compares; returns the exit code (0 pass, 1 regression). */
  public int run() {
    Path json = result(o.runDir(), o.profile());
    Path log = o.runDir().resolve("jmh.log");
    mkdirs(o.runDir());
    progress.step("building what is missing");
    checkout.ensureBuilt(
        List.of(Checkout.Module.MICRO_BENCHMARKS), redlineDir.resolve("logs"), progress);
    progress.step("running the " + o.profile() + " JMH profile (JMH prints each iteration)");
    int exit = jmh.run(json, log);
    if (!nonEmpty(json)) {
      throw new HarnessException(
          "JMH wrote no result to " + json + " (exit " + exit + "); see " + log);
    }
    if (exit != 0) {
      throw new HarnessException(
          "JMH failed (exit " + exit + "); its result " + json + " is not recorded; see " + log);
    }
    String branch = checkout.branch();
    String commit = checkout.commit();
    progress.step(
        o.compare()
            ? "comparing with the previous " + o.profile() + " runs of " + branch
            : "recording the run");
    Comparison c;
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    try {
      c =
          new Check(System.getenv(), checkout.root(), o.history())
              .againstHistory(
                  json,
                  new Compare.Overrides(null, o.profile(), branch, commit),
                  o.compare(),
                  o.reportDir(),
                  out);
    } catch (Exception e) {
      out.flush();
      System.err.println(Exit.sentence(e));
      throw new HarnessException(
          (o.compare() ? "the comparison could not be made" : "the run could not be recorded")
              + " (see above); the JMH result is kept in "
              + json);
    }
    out.flush();
    progress.say("JMH result:      " + json);
    Path html = o.reportDir().resolve("report.html");
    if (Files.isRegularFile(html)) {
      progress.say("Redline report:  " + html);
    }
    if (c != null && c.failed()) {
      progress.say("verdict: REGRESSION");
      return Exit.REGRESSION;
    }
    progress.say("verdict: pass");
    return Exit.PASS;
  }

  private static boolean nonEmpty(Path file) {
    try {
      return Files.isRegularFile(file) && Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new HarnessException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
