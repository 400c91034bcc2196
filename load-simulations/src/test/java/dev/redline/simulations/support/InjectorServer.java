package dev.redline.simulations.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Gatling injector that lives for many runs: the gate starts one per platform and has it run
 * every round's window in the same JVM, instead of a new JVM per window. A new Gatling JVM spends
 * 2.6-5.2 s and about 3.2 s of CPU before its first request and 0.86 s of CPU in its first second
 * of sending (its JIT), on a machine whose two CPUs the platforms under test share with it: in
 * every round, on both sides at once.
 *
 * <p>Protocol: one run per line on standard input, its tokens separated by tabs. Tokens before a
 * {@code --} token are {@code key=value} system properties for the run (those of the run before are
 * cleared first); the one named {@value #DONE} is the file the run's exit code is written to when
 * it has ended (written to a temporary name, then moved, so that it appears whole). Tokens after
 * {@code --} are Gatling's command-line arguments ({@code -s}, {@code -rf}, ...). The server ends
 * at the end of its input. Gatling's own output, and one line per run, go to standard output.
 *
 * <p>Written here because Gatling has no such mode: its {@code fromArgs} runs one simulation in the
 * calling JVM and returns its exit code; what the simulations keep in static state between runs
 * (the seed of their draws, {@link Dice#reload}) is read again before each run.
 */
public final class InjectorServer {
  /** The property naming the file that receives the run's exit code. */
  public static final String DONE = "redline.done";

  private InjectorServer() {}

  public static void main(String[] args) throws Exception {
    serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
  }

  /** Runs every run {@code in} asks for, one after another; returns how many ran. */
  static int serve(BufferedReader in) throws java.io.IOException {
    List<String> previous = new ArrayList<>();
    int runs = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      String[] tokens = line.split("\t", -1);
      previous.forEach(System::clearProperty);
      previous.clear();
      List<String> gatlingArgs = new ArrayList<>();
      Path done = null;
      boolean options = false;
      for (String t : tokens) {
        if (options) {
          gatlingArgs.add(t);
        } else if (t.equals("--")) {
          options = true;
        } else {
          int eq = t.indexOf('=');
          if (eq <= 0) {
            System.out.println("redline injector: ignoring a run with a bad property '" + t + "'");
            gatlingArgs = null;
            break;
          }
          String key = t.substring(0, eq);
          String value = t.substring(eq + 1);
          if (key.equals(DONE)) {
            done = Path.of(value);
          } else {
            System.setProperty(key, value);
            previous.add(key);
          }
        }
      }
      if (gatlingArgs == null) {
        continue;
      }
      runs++;
      System.out.println("redline injector: run " + runs + ": " + String.join(" ", gatlingArgs));
      int code;
      try {
        Dice.reload();
        code = io.gatling.app.Gatling$.MODULE$.fromArgs(gatlingArgs.toArray(String[]::new));
      } catch (Throwable e) {
        e.printStackTrace(System.out);
        code = 99;
      }
      System.out.println("redline injector: run " + runs + " ended, exit " + code);
      System.out.flush();
      if (done != null) {
        Path tmp = done.resolveSibling(done.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(code));
        Files.move(tmp, done, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    }
    previous.forEach(System::clearProperty);
    return runs;
  }
}
