package dev.redline.checker.harness;

import dev.redline.checker.ingest.gatling.RunFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Launches one Gatling simulation with a checkout's compiled simulations, straight on a JVM (no
 * Maven per run), with the flags Gatling's own launchers use. One place for those flags: every load
 * run the harness makes starts the same way.
 */
public final class Gatling {
  private Gatling() {}

  /**
   * JVM options of the warm-ups' injectors (the gate's and {@code run}'s) and the gate rounds'
   * ({@code REDLINE_GATE_INJECTOR_OPTS}; set and empty: none). Those injectors live for seconds and
   * send tens of requests a second, so their own JIT work was what loaded the machine: a Gatling
   * JVM with C2 took 10 s of CPU for an 8 s round at 40/s, the platforms it shared the CPUs with
   * ran their requests among its compiles, and a round took 25 s. C1 code alone
   * (TieredStopAtLevel=1) sends such rates easily, and the serial collector has no GC threads. In
   * back-to-back A/A calibrations (2026-12-01, 16 rounds of 8 s) a round took 12.5 s with them, and
   * the CPU per request MDE went from 12-32% to 10-18%.
   */
  static final String GATE_INJECTOR_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  /** {@link #GATE_INJECTOR_OPTS}, or {@code own} when set (empty: none). */
  static List<String> gateInjectorOptions(String own) {
    return Platform.splitOpts(own == null ? GATE_INJECTOR_OPTS : own);
  }

  /**
   * Starts {@code simulation} (a class name) writing its run folder under {@code results}, output
   * to {@code log}; {@code properties} are {@code -D} system properties for the simulation. Reports
   * are skipped when {@code reports} is false. A {@code gateInjector} also gets {@link
   * #GATE_INJECTOR_OPTS} (before {@code GATLING_JAVA_OPTS}, which can override them).
   */
  public static Process start(
      Checkout simulations,
      String simulation,
      Path results,
      String description,
      Map<String, String> properties,
      boolean reports,
      Path log,
      boolean gateInjector) {
    List<String> cmd = java(simulations, gateInjector);
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-cp", simulations.simulationClassPath(), "io.gatling.app.Gatling"));
    cmd.addAll(arguments(simulation, results, description, reports));
    return Procs.start(new ProcessBuilder(cmd).directory(simulations.root().toFile()), log);
  }

  /**
   * {@code java} and the JVM options of an injector: the checkout's argument file, {@link
   * #GATE_INJECTOR_OPTS} for a {@code gateInjector}, then {@code GATLING_JAVA_OPTS}.
   */
  static List<String> java(Checkout simulations, boolean gateInjector) {
    List<String> cmd = new ArrayList<>(List.of("java", "@" + jvmOptions(simulations)));
    if (gateInjector) {
      cmd.addAll(gateInjectorOptions(System.getenv("REDLINE_GATE_INJECTOR_OPTS")));
    }
    cmd.addAll(Platform.splitOpts(Platform.envOr("GATLING_JAVA_OPTS", "")));
    return cmd;
  }

  /** Gatling's own arguments for one run; creates {@code results}. */
  static List<String> arguments(
      String simulation, Path results, String description, boolean reports) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-s", simulation, "-rf", results.toString(), "-rd", description, "-l", "redline"));
    if (!reports) {
      args.add("-nr");
    }
    try {
      Files.createDirectories(results);
    } catch (IOException e) {
      throw new HarnessException("cannot create " + results + ": " + e.getMessage(), e);
    }
    return args;
  }

  /** Where every Gatling run's JVM options are, as a java argument file. */
  static final String JVM_OPTIONS = "load-simulations/gatling.jvm.options";

  /**
   * The argument file of the checkout's simulations; a base commit older than the file takes the
   * one of the checkout Redline runs from ({@code REDLINE_ROOT}), so both sides start alike.
   */
  static Path jvmOptions(Checkout simulations) {
    Path own = simulations.root().resolve(JVM_OPTIONS);
    if (Files.isRegularFile(own)) {
      return own.toAbsolutePath();
    }
    Path running = Path.of(Platform.envOr("REDLINE_ROOT", ".")).resolve(JVM_OPTIONS);
    if (Files.isRegularFile(running)) {
      return running.toAbsolutePath();
    }
    throw new HarnessException(
        "no " + JVM_OPTIONS + " in " + simulations.root() + " nor in the running checkout");
  }

  /** The newest run folder Gatling left under {@code results}, if any. */
  public static Optional<Path> newestRun(Path results) {
    return RunFolders.newest(results);
  }
}
