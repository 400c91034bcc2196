package dev.redline.checker.harness;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The progress lines of the orchestrating commands: {@code [redline 21:04:05] text}, numbered steps
 * ({@code [2/6] starting base and head platforms}), warnings on stderr. One instance per command.
 */
public final class Progress {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private final PrintStream out;
  private final PrintStream err;
  private final int steps;
  private int step;

  public Progress(PrintStream out, PrintStream err, int steps) {
    this.out = out;
    this.err = err;
    this.steps = steps;
  }

  public synchronized void say(String text) {
    out.printf("[redline %s] %s%n", LocalTime.now(ZoneOffset.UTC).format(CLOCK), text);
    out.flush();
  }

  public synchronized void step(String text) {
    step++;
    say("[" + step + "/" + steps + "] " + text);
  }

  public synchronized void warn(String text) {
    err.printf("[redline %s] warning: %s%n", LocalTime.now(ZoneOffset.UTC).format(CLOCK), text);
    err.flush();
  }
}
