package dev.redline.checker.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Running child processes: to completion with a log, and stopping a process with its whole tree.
 */
final class Procs {
  /**
   * Every process the harness started that may still run: stopped by one shutdown hook, so Ctrl-C
   * (or a failure anywhere) leaves no platform, PostgreSQL or Gatling JVM behind.
   */
  private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    STARTED.stream().filter(Process::isAlive).forEach(p -> stop(p.toHandle(), 30)),
                "redline-stop-children"));
  }

  private Procs() {}

  /**
   * Runs {@code command} in {@code dir} with its output in {@code log} and returns the exit code.
   * Interrupting the calling thread stops the process and its descendants.
   */
  static int run(List<String> command, Path dir, Path log) {
    Process p = start(new ProcessBuilder(command).directory(dir.toFile()), log);
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      stop(p.toHandle(), 5);
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted while running " + command.get(0), e);
    }
  }

  /**
   * Waits for {@code p}, copying what {@code log} holds from byte {@code from} on to {@code echo}
   * as it comes (a tee for processes whose output the user watches), and returns its exit code.
   * Interrupting the calling thread stops the process and its descendants.
   */
  static int follow(Process p, Path log, long from, PrintStream echo) {
    try (SeekableByteChannel in = Files.newByteChannel(log)) {
      in.position(from);
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (true) {
        boolean alive = p.isAlive();
        buf.clear();
        int n;
        while ((n = in.read(buf)) > 0) {
          echo.write(buf.array(), 0, n);
          buf.clear();
        }
        echo.flush();
        if (!alive) {
          return p.waitFor();
        }
        p.waitFor(200, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      stop(p.toHandle(), 5);
      Thread.currentThread().interrupt();
      throw new HarnessException(
          "interrupted while running " + p.info().command().orElse("a process"), e);
    } catch (IOException e) {
      throw new HarnessException("cannot read " + log + ": " + e.getMessage(), e);
    }
  }

  /** Starts a process with stdout and stderr appended to {@code log}. */
  static Process start(ProcessBuilder pb, Path log) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process p = pb.start();
      STARTED.removeIf(old -> !old.isAlive());
      STARTED.add(p);
      return p;
    } catch (IOException e) {
      throw new HarnessException(
          "cannot start " + pb.command().get(0) + " (log " + log + "): " + e.getMessage(), e);
    }
  }

  /** No longer stops {@code p} at exit: it is meant to outlive this JVM. */
  static void forget(Process p) {
    STARTED.remove(p);
  }

  /**
   * Stops a process and everything it started: SIGTERM to the process (a platform shuts down
   * gracefully and stops its embedded PostgreSQL), then after {@code graceSeconds} SIGKILL to it
   * and every descendant still alive.
   */
  static void stop(ProcessHandle process, int graceSeconds) {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroy();
    try {
      process.onExit().get(graceSeconds, TimeUnit.SECONDS);
    } catch (Exception timedOutOrInterrupted) {
      process.destroyForcibly();
    }
    for (ProcessHandle child : tree) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  /** The last {@code lines} lines of a log, for an error message's context. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log at " + log + ")";
    }
  }
}
