package dev.redline.checker.harness;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.Inputs;
import dev.redline.checker.ingest.RunOverrides;
import dev.redline.checker.ingest.gatling.GatlingLogReader;
import dev.redline.checker.ingest.gatling.GatlingRun;
import dev.redline.checker.ingest.gatling.SecondWindow;
import dev.redline.checker.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulation run by N injector JVMs at once, merged exactly into one run. Each shard is a
 * Gatling JVM started through {@link Gatling#start} with {@code -Dshard.index=i -Dshard.count=N}
 * (the simulations then inject 1/N of every arrival rate from their own users and seed). After all
 * have ended, each shard's validity is judged from its own {@code simulation.log} and process, and
 * the logs are merged through the checker's exact merge ({@link Inputs#readMerged}), so that
 * assertions and verdicts see the whole run, never one shard.
 *
 * <p>A shard is <b>saturated</b> when it started fewer than {@value #MIN_ACHIEVED_PERCENT}% of the
 * arrivals it was asked for within the planned seconds (its scheduler fell behind: the load it
 * reports is not the load that was intended), or when its JVM used {@value #MAX_CPU_PERCENT}% or
 * more of the machine's cores (it was the bottleneck, so its response times hold its own queueing).
 * One saturated shard makes the merged run invalid; the reason names it.
 */
public final class Injectors {
  /** Least share of the intended arrivals a shard must start in its planned window, percent. */
  public static final double MIN_ACHIEVED_PERCENT = 90;

  /** Share of the machine's cores at and above which an injector counts as saturated, percent. */
  public static final double MAX_CPU_PERCENT = 90;

  private static final Duration CPU_SAMPLE = Duration.ofMillis(250);

  private Injectors() {}

  /**
   * What the run asks of all injectors together.
   *
   * @param totalRps arrivals per second of all shards together (for a shaped profile, its mean),
   *     above 0
   * @param seconds how long the profile injects, seconds, at least 1
   */
  public record Plan(double totalRps, int seconds) {
    public Plan {
      if (!(totalRps > 0) || seconds < 1) {
        throw new IllegalArgumentException(
            "a load plan needs a rate above 0/s and at least 1 s, got "
                + totalRps
                + "/s for "
                + seconds
                + " s");
      }
    }
  }

  /**
   * One shard's run and its validity.
   *
   * @param index shard number, 0..count-1
   * @param runDir the Gatling run folder it left
   * @param requests requests it recorded, OK and KO
   * @param usersStarted virtual users it started in all
   * @param intendedRps its part of the plan's rate, per second
   * @param achievedRps users it started within its planned window, per planned second
   * @param cpuCores its JVM's CPU time over its wall time, in cores (1.0 = one core busy)
   * @param gatlingExit the JVM's exit code (non-zero when a per-shard assertion failed: only
   *     recorded, the merged run is what is judged)
   * @param saturated why the shard is saturated, or empty when it is valid
   */
  public record Shard(
      int index,
      Path runDir,
      long requests,
      long usersStarted,
      double intendedRps,
      double achievedRps,
      double cpuCores,
      int gatlingExit,
      String saturated) {

    /** True when the shard delivered its load without being the bottleneck. */
    public boolean valid() {
      return saturated.isEmpty();
    }

    /** {@code shard 1/3: 13.3/s of 13.3/s intended, 0.41 cores, 40 requests, valid}. */
    public String describe(int count) {
      return String.format(
          Locale.ROOT,
          "shard %d/%d: %.1f/s of %.1f/s intended, %.2f cores, %d requests, %s",
          index,
          count,
          achievedRps,
          intendedRps,
          cpuCores,
          requests,
          valid() ? "valid" : "SATURATED (" + saturated + ")");
    }
  }

  /**
   * The shards and their merged run.
   *
   * @param shards one per injector, in index order
   * @param merged the merged run: provenance {@code injectors=N} and one {@code shard.i} line each;
   *     invalid, naming the shard, when any shard was saturated
   * @param mergedRequests requests of the merged run (equals the sum of the shards')
   */
  public record Outcome(List<Shard> shards, Run merged, long mergedRequests) {
    /** True when no shard was saturated. */
    public boolean valid() {
      return merged.valid();
    }
  }

  /**
   * Starts {@code count} shards of {@code simulation}, each writing its run folder under {@code
   * out/shard-i} (its output in {@code out/shard-i.log}), waits for all, judges each and merges
   * their logs.
   *
   * @param properties the simulation's {@code -D} settings, the same for every shard (the shard's
   *     own {@code shard.index} and {@code shard.count} are added)
   * @param options what the result files cannot say (suite, profile, branch, commit); may be null
   * @throws HarnessException when a shard leaves no {@code simulation.log}, or the logs cannot be
   *     merged (the sentence names the shard and its log)
   */
  public static Outcome run(
      Checkout simulations,
      String simulation,
      Path out,
      String description,
      Map<String, String> properties,
      int count,
      Plan plan,
      RunOverrides options,
      Progress progress) {
    if (count < 1 || count > 1_000) {
      throw new IllegalArgumentException("--injectors must be 1..1000, got " + count);
    }
    progress.say(
        String.format(
            Locale.ROOT,
            "starting %d injector%s of %s at %.1f/s together (%.1f/s each) for %d s",
            count,
            count == 1 ? "" : "s",
            simulation.substring(simulation.lastIndexOf('.') + 1),
            plan.totalRps(),
            plan.totalRps() / count,
            plan.seconds()));
    List<Process> processes = new ArrayList<>();
    List<CpuWatch> watches = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path shardOut = out.resolve("shard-" + i);
      Process p =
          Gatling.start(
              simulations,
              simulation,
              shardOut,
              description + " shard " + i + "/" + count,
              shardProperties(properties, i, count),
              false,
              Path.of(shardOut + ".log"),
              false);
      processes.add(p);
      watches.add(CpuWatch.start(p));
    }
    int maxCores = Runtime.getRuntime().availableProcessors();
    List<Shard> shards = new ArrayList<>();
    List<GatlingRun> runs = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path shardOut = out.resolve("shard-" + i);
      int exit = waitFor(processes.get(i), i);
      double cores = watches.get(i).cores();
      Path runDir = leftRun(shardOut, i, exit);
      GatlingRun run;
      try {
        run = new GatlingLogReader().read(runDir);
      } catch (InputException e) {
        throw new HarnessException("shard " + i + ": " + e.getMessage(), e);
      }
      double intended = plan.totalRps() / count;
      long started = startedWithin(run.windows(), plan.seconds());
      double achieved = (double) started / plan.seconds();
      Shard shard =
          new Shard(
              i,
              runDir,
              run.total().count(),
              run.users().values().stream().mapToLong(GatlingRun.UserCount::started).sum(),
              intended,
              achieved,
              cores,
              exit,
              saturation(intended, achieved, cores, maxCores));
      progress.say("  " + shard.describe(count));
      shards.add(shard);
      runs.add(run);
      dirs.add(runDir);
    }
    long mergedRequests = GatlingLogReader.merge(runs).total().count();
    Run merged;
    try {
      merged = Inputs.readMerged(dirs, options);
    } catch (InputException e) {
      throw new HarnessException("cannot merge the " + count + " shards: " + e.getMessage(), e);
    }
    Outcome outcome = new Outcome(shards, annotate(merged, shards), mergedRequests);
    progress.say(
        String.format(
            Locale.ROOT,
            "merged %d shard%s: %d requests (%s)%s",
            count,
            count == 1 ? "" : "s",
            mergedRequests,
            String.join(" + ", shards.stream().map(s -> Long.toString(s.requests())).toList()),
            outcome.valid() ? "" : "; run INVALID: " + outcome.merged().invalidReason()));
    return outcome;
  }

  /** {@code properties} with this shard's {@code shard.index} and {@code shard.count}. */
  public static Map<String, String> shardProperties(
      Map<String, String> properties, int index, int count) {
    Map<String, String> p = new LinkedHashMap<>(properties);
    p.put("shard.index", Integer.toString(index));
    p.put("shard.count", Integer.toString(count));
    return p;
  }

  /**
   * Why a shard is saturated, or empty: it started less than {@value #MIN_ACHIEVED_PERCENT}% of
   * {@code intendedRps}, or used {@value #MAX_CPU_PERCENT}% or more of {@code machineCores}.
   */
  static String saturation(
      double intendedRps, double achievedRps, double cpuCores, int machineCores) {
    List<String> why = new ArrayList<>();
    if (achievedRps < intendedRps * MIN_ACHIEVED_PERCENT / 100) {
      why.add(
          String.format(
              Locale.ROOT,
              "started %.1f/s of %.1f/s intended, below %.0f%%",
              achievedRps,
              intendedRps,
              MIN_ACHIEVED_PERCENT));
    }
    if (cpuCores >= machineCores * MAX_CPU_PERCENT / 100) {
      why.add(
          String.format(
              Locale.ROOT,
              "used %.2f of %d cores, at or above %.0f%%",
              cpuCores,
              machineCores,
              MAX_CPU_PERCENT));
    }
    return String.join("; ", why);
  }

  /**
   * Users started from the first second with a start through {@code seconds} more (one second more
   * than the plan, because the plan's seconds need not align with the clock's).
   */
  static long startedWithin(List<SecondWindow> windows, int seconds) {
    long first = -1;
    long started = 0;
    for (SecondWindow w : windows) {
      if (w.usersStarted() == 0) {
        continue;
      }
      if (first < 0) {
        first = w.epochSecond();
      }
      if (w.epochSecond() <= first + seconds) {
        started += w.usersStarted();
      }
    }
    return started;
  }

  /**
   * The merged run with the shards in its provenance, and invalid when a shard was saturated (an
   * invalid run is never a baseline, and the report says why).
   */
  static Run annotate(Run merged, List<Shard> shards) {
    Map<String, String> provenance = new LinkedHashMap<>(merged.provenance());
    provenance.put("injectors", Integer.toString(shards.size()));
    List<String> saturated = new ArrayList<>();
    for (Shard s : shards) {
      provenance.put("shard." + s.index(), s.describe(shards.size()));
      if (!s.valid()) {
        saturated.add("shard " + s.index() + "/" + shards.size() + " " + s.saturated());
      }
    }
    boolean valid = merged.valid() && saturated.isEmpty();
    String reason =
        saturated.isEmpty()
            ? merged.invalidReason()
            : "a saturated injector: " + String.join("; ", saturated);
    return new Run(
        merged.id(),
        merged.suite(),
        merged.profile(),
        merged.source(),
        merged.commit(),
        merged.branch(),
        merged.jdk(),
        merged.machine(),
        merged.startedAt(),
        merged.endedAt(),
        valid,
        reason,
        merged.toolVersions(),
        provenance,
        merged.measurements(),
        merged.windows());
  }

  private static int waitFor(Process p, int index) {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Procs.stop(p.toHandle(), 5);
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted while waiting for shard " + index, e);
    }
  }

  private static Path leftRun(Path shardOut, int index, int exit) {
    Optional<Path> run =
        Gatling.newestRun(shardOut).filter(r -> Files.isRegularFile(r.resolve("simulation.log")));
    if (run.isEmpty()) {
      System.err.println(Procs.tail(Path.of(shardOut + ".log"), 20));
      throw new HarnessException(
          "shard "
              + index
              + " left no simulation.log (Gatling exit "
              + exit
              + "); log "
              + shardOut
              + ".log");
    }
    return run.get();
  }

  /**
   * A process's CPU time over its wall time, sampled while it lives (the JDK stops reporting a
   * process's CPU once it has exited, so the last sample before the exit is kept).
   */
  private static final class CpuWatch {
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicLong wallNanos = new AtomicLong();

    static CpuWatch start(Process p) {
      CpuWatch w = new CpuWatch();
      long t0 = System.nanoTime();
      Thread t =
          new Thread(
              () -> {
                while (p.isAlive()) {
                  p.info().totalCpuDuration().ifPresent(d -> w.cpuNanos.set(d.toNanos()));
                  w.wallNanos.set(System.nanoTime() - t0);
                  try {
                    Thread.sleep(CPU_SAMPLE.toMillis());
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "redline-injector-cpu-" + p.pid());
      t.setDaemon(true);
      t.start();
      return w;
    }

    double cores() {
      long wall = wallNanos.get();
      return wall == 0 ? 0 : (double) cpuNanos.get() / wall;
    }
  }
}
