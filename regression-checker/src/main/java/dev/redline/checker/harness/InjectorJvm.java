package dev.redline.checker.harness;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One gate injector JVM kept for all the rounds of a side: the simulations' {@code InjectorServer}
 * runs each window Redline sends it in the same JVM, so that no round pays for a Gatling JVM's
 * start (2.6-5.2 s, about 3.2 s of CPU) and its JIT (0.86 s of CPU in its first second of sending)
 * on the CPUs the platforms under test share with it. One run at a time; see {@link #run}.
 */
final class InjectorJvm implements AutoCloseable {
  static final String SERVER = "dev.redline.simulations.support.InjectorServer";

  /** The server's property naming the file a run's exit code goes to. */
  static final String DONE = "redline.done";

  /**
   * {@code REDLINE_GATE_INJECTOR}: {@code kept} (the default) runs a side's rounds in one injector
   * JVM, {@code per-round} starts a new one for every window, as before.
   */
  static final String SETTING = "REDLINE_GATE_INJECTOR";

  private final Process process;
  private final Path log;
  private final Writer input;
  private int runs;

  private InjectorJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.input = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /**
   * True when the gate's rounds keep one injector JVM a side: {@link #SETTING} is {@code kept} or
   * unset and {@code simulations} has the server compiled.
   *
   * @throws HarnessException naming the setting when its value is neither {@code kept} nor {@code
   *     per-round}
   */
  static boolean wanted(Checkout simulations) {
    String v = Platform.envOr(SETTING, "kept").strip();
    if (v.equals("per-round")) {
      return false;
    }
    if (!v.equals("kept")) {
      throw new HarnessException(SETTING + " must be 'kept' or 'per-round', got '" + v + "'");
    }
    return Files.isRegularFile(
        simulations
            .root()
            .resolve(
                "load-simulations/target/test-classes/" + SERVER.replace('.', '/') + ".class"));
  }

  /** Starts the server on {@code simulations}' class path with the gate injector's options. */
  static InjectorJvm start(Checkout simulations, Path log) {
    List<String> cmd = Gatling.java(simulations, true);
    cmd.addAll(List.of("-cp", simulations.simulationClassPath(), SERVER));
    Process p = Procs.start(new ProcessBuilder(cmd).directory(simulations.root().toFile()), log);
    return new InjectorJvm(p, log);
  }

  /** The server's output: Gatling's, run after run. */
  Path log() {
    return log;
  }

  /**
   * Has the server run {@code simulation} with {@code properties} (system properties for this run
   * only), its run folder under {@code results}; returns at once. Waiting for it gives up after
   * {@code patience}.
   */
  Pending run(
      String simulation,
      Path results,
      String description,
      Map<String, String> properties,
      boolean reports,
      java.time.Duration patience) {
    runs++;
    Path done = results.resolve("injector-run-" + runs + ".exit");
    List<String> tokens = new ArrayList<>();
    properties.forEach((k, v) -> tokens.add(k + "=" + v));
    tokens.add(DONE + "=" + done);
    tokens.add("--");
    tokens.addAll(Gatling.arguments(simulation, results, description, reports));
    for (String t : tokens) {
      if (t.indexOf('\t') >= 0 || t.indexOf('\n') >= 0) {
        throw new HarnessException(
            "an injector run's setting holds a tab or a newline: '" + t + "'");
      }
    }
    try {
      Files.deleteIfExists(done);
      input.write(String.join("\t", tokens) + "\n");
      input.flush();
    } catch (IOException e) {
      throw new HarnessException(
          "cannot hand a run to the injector (log " + log + "): " + e.getMessage(), e);
    }
    return new Pending(done, System.nanoTime() + patience.toNanos());
  }

  /** A run handed to the server. */
  final class Pending {
    private final Path done;
    private final long deadline;

    private Pending(Path done, long deadline) {
      this.done = done;
      this.deadline = deadline;
    }

    /**
     * Waits for the run's end and returns Gatling's exit code.
     *
     * @throws HarnessException when the server died first or the run outlived its patience (the
     *     server is then stopped), naming its log
     */
    int await() throws InterruptedException {
      while (!Files.isRegularFile(done)) {
        if (!process.isAlive()) {
          throw new HarnessException(
              "the injector JVM ended (exit " + process.exitValue() + ") during a run; log " + log);
        }
        if (System.nanoTime() - deadline > 0) {
          stop();
          throw new HarnessException(
              "an injector run did not end in time (no " + done + "); log " + log);
        }
        Thread.sleep(10);
      }
      try {
        return Integer.parseInt(Files.readString(done).strip());
      } catch (IOException | NumberFormatException e) {
        throw new HarnessException("cannot read " + done + ": " + e.getMessage(), e);
      }
    }

    /** Stops the server: a run cannot be stopped on its own. */
    void stop() {
      Procs.stop(process.toHandle(), 5);
    }
  }

  /** Ends the server after its current run (its input closed), stopping it after 30 s. */
  @Override
  public void close() {
    try {
      input.close();
    } catch (IOException ignored) {
      // It is stopped below if it does not end.
    }
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        Procs.stop(process.toHandle(), 5);
      }
    } catch (InterruptedException e) {
      Procs.stop(process.toHandle(), 5);
      Thread.currentThread().interrupt();
    }
  }
}
