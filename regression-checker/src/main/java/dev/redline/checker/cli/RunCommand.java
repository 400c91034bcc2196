package dev.redline.checker.cli;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.Status;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.harness.Checkout;
import dev.redline.checker.harness.HarnessException;
import dev.redline.checker.harness.Injectors;
import dev.redline.checker.harness.LocalRun;
import dev.redline.checker.harness.MetricsScrape;
import dev.redline.checker.harness.Progress;
import dev.redline.checker.harness.Validity;
import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.ingest.gatling.ShapeFigures;
import dev.redline.checker.ingest.service.ServiceMetrics;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.report.Format;
import dev.redline.checker.usecase.Check;
import dev.redline.checker.usecase.Compare;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code redline run}: parses the options, runs {@link LocalRun}, compares the window with the
 * previous local runs of this branch and prints one summary block.
 */
@Command(
    name = "run",
    sortOptions = false,
    usageHelpWidth = 100,
    mixinStandardHelpOptions = true,
    description = {
      "A local load run: starts platform-api on embedded defaults, warms it up (not recorded) until"
          + " its CPU per request is steady, measures one window at an open-model arrival rate,"
          + " judges whether the window can be trusted, stores it in the local history and compares"
          + " it with the previous valid runs of this branch."
    },
    footerHeading = "%nEnvironment only:%n",
    footer = {
      "  PLATFORM_SEED_SESSIONS  seeded sessions (default 20000)",
      "  INFLUX_URL  also store in InfluxDB;  REDLINE_HOME  default .redline",
      "  REDLINE_RUN_WARMUP_RPS, REDLINE_RUN_WARMUP_MIN_SECONDS, REDLINE_RUN_WARMUP_SECONDS,",
      "  REDLINE_RUN_WARMUP_WINDOW, REDLINE_RUN_WARMUP_TOLERANCE  the warm-up: 200/s until every",
      "      route's CPU per request moves by at most 10%% between 5 s windows (20-40 s; smoke 5-10 s)",
      "  PLATFORM_JAVA_OPTS, GATLING_JAVA_OPTS  JVM options of the platform and the injector",
      "%nExit codes:%n  0  pass%n  1  regression or a failed simulation assertion%n"
          + "  2  usage or input error"
    })
final class RunCommand implements Callable<Integer> {
  private static final List<String> SUITES =
      List.of("mixed", "dashboard", "sessions", "config", "websocket", "ratelimit");
  private static final List<String> PROFILES = List.of("load", "stress", "spike", "soak");
  private static final Pattern DURATION = Pattern.compile("(\\d+)([sm]?)");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SUITE",
      defaultValue = "mixed",
      description = "mixed (default), dashboard, sessions, config, websocket, ratelimit")
  String suite;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      defaultValue = "${env:REDLINE_PROFILE:-load}",
      description =
          "load (default: warm-up, then a window at an open-model rate), stress, spike, soak."
              + " Env: REDLINE_PROFILE.")
  String profile;

  @Option(
      names = "--size",
      paramLabel = "NAME",
      defaultValue = "${env:REDLINE_SIZE:-full}",
      description =
          "full (default: 30 s at 50/s) or smoke (10 s at 20/s, shorter warm-up). Env: REDLINE_SIZE.")
  String size;

  @Option(
      names = "--rps",
      paramLabel = "R",
      defaultValue = "${env:REDLINE_RUN_RPS}",
      description = "Arrivals per second of the window (default by size). Env: REDLINE_RUN_RPS.")
  Double rps;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "${env:REDLINE_RUN_SECONDS}",
      description = "Length of the window (default by size). Env: REDLINE_RUN_SECONDS.")
  Integer seconds;

  @Option(
      names = "--duration",
      paramLabel = "D",
      defaultValue = "${env:REDLINE_DURATION}",
      description = "soak duration, e.g. 90s, 2m, 30m (default 2m). Env: REDLINE_DURATION.")
  String duration;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      defaultValue = "${env:REDLINE_BASE_URL}",
      description = "Measure a running platform instead of starting one. Env: REDLINE_BASE_URL.")
  String baseUrl;

  @Option(
      names = "--injectors",
      paramLabel = "N",
      defaultValue = "${env:REDLINE_INJECTORS:-1}",
      description =
          "Injector JVMs sharing the window's arrival rate (1-16, default 1; open-model load runs"
              + " only): their logs are merged before deciding. Env: REDLINE_INJECTORS.")
  int injectors;

  @Option(
      names = "--jfr",
      description =
          "Record the platform with JDK Flight Recorder during the window only; the report lists"
              + " the hottest methods and allocation sites.")
  boolean jfr;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description =
          "Where verdicts.md, junit.xml, report.html and compare.txt go"
              + " (default: the run folder's report/).")
  Path reportDir;

  @Option(names = "--no-compare", description = "Only record the run.")
  boolean noCompare;

  @Option(
      names = "-D",
      paramLabel = "PROP=VALUE",
      description = "Passed to the simulation (see load-simulations/README.md).")
  Map<String, String> simulationProperties = new LinkedHashMap<>();

  @Option(
      names = {"-v", "--verbose"},
      description = "Print the full verdict table too (it is always in the reports).")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    validate();
    Path root = GateCommand.root();
    Checkout checkout = new Checkout(root);
    Path home =
        (System.getenv("REDLINE_HOME") != null
                ? Path.of(System.getenv("REDLINE_HOME"))
                : root.resolve(".redline"))
            .toAbsolutePath();
    String stamp =
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
    Path runDir = home.resolve("runs").resolve(stamp + "-" + suite + "-" + profile);
    Path reports = reportDir != null ? reportDir.toAbsolutePath() : runDir.resolve("report");
    double r = rps != null ? rps : LocalRun.defaultRps(size);
    int s = seconds != null ? seconds : LocalRun.defaultSeconds(size);
    Progress progress = new Progress(System.out, System.err, baseUrl == null ? 5 : 4);
    progress.say(
        "run " + suite + ", profile " + profile + ", size " + size + "; files in " + runDir);
    LocalRun.Result result =
        new LocalRun(
                checkout,
                home,
                new LocalRun.Options(
                    suite,
                    profile,
                    size,
                    r,
                    s,
                    baseUrl,
                    simulationProperties,
                    jfr,
                    runDir,
                    injectors),
                progress)
            .run();
    String branch = checkout.branch();
    String commit = checkout.commit();
    progress.step(
        noCompare ? "recording the run" : "comparing with the previous runs of " + branch);
    Outcome outcome = compareOrRecord(result.runFolder(), branch, commit, reports);
    printSummary(progress, result, outcome, reports);
    if (outcome.code == RedlineCommand.BAD_INPUT) {
      throw new HarnessException(
          "the comparison could not be made (see above); the run is kept in " + result.runFolder());
    }
    if (outcome.code == RedlineCommand.REGRESSION || result.gatlingExit() != 0) {
      return RedlineCommand.REGRESSION;
    }
    return RedlineCommand.PASS;
  }

  private void validate() {
    if (!SUITES.contains(suite)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unknown suite '" + suite + "'; use " + String.join(", ", SUITES));
    }
    if (!PROFILES.contains(profile)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unknown profile '" + profile + "'; use load, stress, spike or soak");
    }
    if (!profile.equals("load") && !LocalRun.OPEN_MODEL_SUITES.contains(suite)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--profile "
              + profile
              + " plays the request chain of "
              + String.join(", ", LocalRun.OPEN_MODEL_SUITES)
              + "; suite '"
              + suite
              + "' has its own load shape (use --profile load)");
    }
    if (!size.equals("full") && !size.equals("smoke")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unknown size '" + size + "'; use full or smoke");
    }
    if ((rps != null && !(rps > 0 && rps <= 10_000)) || (seconds != null && seconds < 3)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--rps must be in (0, 10000] and --seconds at least 3");
    }
    if (injectors < 1 || injectors > 16) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--injectors must be 1 to 16, got " + injectors);
    }
    if (injectors > 1 && !LocalRun.openModel(suite, profile)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--injectors "
              + injectors
              + " shards an open-model arrival rate: use --profile load with mixed, dashboard,"
              + " sessions or config (got "
              + suite
              + " --profile "
              + profile
              + ")");
    }
    if (duration != null && !duration.isBlank()) {
      if (!profile.equals("soak")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--duration applies to the soak profile only (got --profile " + profile + ")");
      }
      Matcher m = DURATION.matcher(duration.trim());
      if (!m.matches()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--duration must look like 90s, 2m or 30m; got '" + duration + "'");
      }
      int secs = Integer.parseInt(m.group(1)) * (m.group(2).equals("m") ? 60 : 1);
      simulationProperties.put("soak.seconds", Integer.toString(secs));
    }
  }

  private record Outcome(int code, Comparison comparison, String text, Path textFile) {}

  private Outcome compareOrRecord(Path run, String branch, String commit, Path reports)
      throws IOException {
    StringWriter buf = new StringWriter();
    PrintWriter out = new PrintWriter(buf);
    int code;
    Comparison c = null;
    try {
      c =
          Check.fromEnvironment(GateCommand.root())
              .againstHistory(
                  run, new Compare.Overrides(null, null, branch, commit), !noCompare, reports, out);
      code = c != null && c.failed() ? RedlineCommand.REGRESSION : RedlineCommand.PASS;
    } catch (Exception e) {
      System.err.println(RedlineCommand.sentence(e));
      code = RedlineCommand.BAD_INPUT;
    }
    out.flush();
    String text = buf.toString();
    Path file = reports.resolve(noCompare ? "ingest.txt" : "compare.txt");
    Files.createDirectories(reports);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return new Outcome(code, c, text, file);
  }

  private void printSummary(
      Progress progress, LocalRun.Result result, Outcome outcome, Path reports) {
    List<String> lines = new ArrayList<>();
    Comparison c = outcome.comparison();
    Run current = c != null ? c.current().get(0) : readQuietly(result.runFolder());
    String window = windowLine(result, current);
    lines.add("window:   " + window);
    lines.add("validity: " + result.validity().summary());
    lines.add("          " + result.validity().figures());
    ShapeFigures.headline(result.runFolder()).ifPresent(h -> lines.add("shape:    " + h));
    String service = serviceLine(result.runFolder());
    if (!service.isEmpty()) {
      lines.add("service:  " + service);
    }
    if (c == null) {
      // No comparison: the first run of its kind, or --no-compare; say what was stored.
      outcome.text().lines().filter(l -> !l.isBlank()).forEach(l -> lines.add("history:  " + l));
    } else {
      lines.add(
          "verdict:  "
              + Format.summary(c)
              + " vs "
              + c.baseline().size()
              + " valid run(s) of this branch");
      if (verbose) {
        outcome.text().lines().forEach(lines::add);
      } else {
        for (Verdict v : topChanges(c, 5)) {
          lines.add("  " + shortMessage(v));
        }
      }
    }
    if (result.jfr() != null) {
      lines.add("profile:  hottest methods in the window (JFR, " + result.jfrFile() + "):");
      result.jfr().hottestMethods().stream()
          .limit(3)
          .forEach(
              r ->
                  lines.add(
                      String.format(Locale.ROOT, "  %5.1f%%  %s", r.share() * 100, r.what())));
      result.jfr().hottestOwnMethods().stream()
          .limit(3)
          .forEach(
              r ->
                  lines.add(
                      String.format(
                          Locale.ROOT,
                          "  %5.1f%%  %s (service code nearest the top)",
                          r.share() * 100,
                          r.what())));
    }
    if (!result.shards().isEmpty()) {
      lines.add(
          "injectors: "
              + result.shards().size()
              + " shards, merged exactly ("
              + result.shards().stream().mapToLong(Injectors.Shard::requests).sum()
              + " requests; "
              + (result.shards().stream().allMatch(Injectors.Shard::valid)
                  ? "no shard saturated"
                  : "a shard saturated, see above")
              + ")");
      lines.add(
          "reports:  (no Gatling report of a sharded window; logs in " + result.runFolder() + ")");
    } else {
      lines.add("reports:  " + result.runFolder().resolve("index.html") + " (Gatling)");
    }
    if (Files.isRegularFile(reports.resolve("report.html"))) {
      lines.add("          " + reports.resolve("report.html"));
    }
    lines.add("          " + outcome.textFile() + (verbose ? "" : " (full table; -v prints it)"));
    if (result.gatlingExit() != 0) {
      lines.add(
          "note:     the simulation's own assertions failed (Gatling exit "
              + result.gatlingExit()
              + ")");
    }
    lines.forEach(progress::say);
  }

  private static Run readQuietly(Path run) {
    try {
      return Inputs.read(run, null);
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Regressions and noisy verdicts first, then the largest significant changes; an inconclusive
   * verdict says only that the runs cannot tell, so it is counted, not listed.
   */
  static List<Verdict> topChanges(Comparison c, int n) {
    return Format.ordered(c).stream()
        .filter(v -> v.status() != Status.INCONCLUSIVE)
        .filter(v -> v.status() != Status.UNCHANGED || v.pValue() < c.config().alpha())
        .limit(n)
        .toList();
  }

  private static String shortMessage(Verdict v) {
    return String.format(
        Locale.ROOT,
        "%-12s %s: %s vs %s (%s, 95%% CI %s)",
        v.status().name(),
        v.key(),
        Format.value(v.current(), v.unit()),
        Format.value(v.baseline(), v.unit()),
        Format.change(v),
        Format.ci(v));
  }

  private static String windowLine(LocalRun.Result result, Run current) {
    String requests = "";
    if (current != null) {
      double p50 = value(current, "All Requests", Metric.P50);
      double p95 = value(current, "All Requests", Metric.P95);
      double p99 = value(current, "All Requests", Metric.P99);
      double mean = value(current, "All Requests", Metric.MEAN);
      requests =
          String.format(
              Locale.ROOT,
              "; all requests mean %.1f ms, p50 %.0f, p95 %.0f, p99 %.0f ms",
              mean,
              p50,
              p95,
              p99);
    }
    Validity v = result.validity();
    String shape =
        Double.isNaN(v.intendedRps())
            ? "the measured window"
            : String.format(
                Locale.ROOT,
                "%.0f requests in the window",
                v.achievedRps() * result.windowSeconds());
    return "warm-up " + result.warmUp() + " (not recorded), " + shape + requests;
  }

  private static double value(Run run, String name, Metric m) {
    for (Measurement x : run.measurements()) {
      if (x.name().equals(name) && x.metric() == m) {
        return x.value();
      }
    }
    return Double.NaN;
  }

  private static String serviceLine(Path run) {
    Path dir = run.resolve(ServiceMetrics.FOLDER);
    Map<String, Double> cpu =
        MetricsScrape.apiCpuPerRequest(
            dir.resolve(ServiceMetrics.START), dir.resolve(ServiceMetrics.END), 1);
    Double all = cpu.get("*");
    return all == null
        ? ""
        : String.format(
            Locale.ROOT,
            "CPU %.0f us per request over all routes (per route CPU, allocation, SQL in the report)",
            all * 1e6);
  }
}
