package dev.redline.checker.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A gate JVM for {@link GateFailureTest}: runs the gate on a {@link GateRepo}, writes its
 * platforms' process ids, and stays in its first round's window until the JVM is stopped.
 *
 * <p>Arguments: REPO REDLINE_DIR PID_FILE IN_ROUND_FILE.
 */
public final class GateUntilSignalled {
  private GateUntilSignalled() {}

  public static void main(String[] args) {
    Path pids = Path.of(args[2]);
    Path inRound = Path.of(args[3]);
    Gate.Load hang =
        new Gate.Load() {
          @Override
          public void warmUp(List<Platform> platforms, Path forkDir) {
            for (Platform p : platforms) {
              write(pids, p.pid() + "\n");
            }
          }

          @Override
          public Gate.Window start(Platform platform, Path out, String label, long seed) {
            return new Gate.Window() {
              @Override
              public Path finish(Progress progress) {
                write(inRound, label + "\n");
                try {
                  Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return out;
              }

              @Override
              public boolean measuredByService() {
                return true;
              }
            };
          }
        };
    new Gate(
            new Checkout(Path.of(args[0])),
            Path.of(args[1]),
            GateRepo.options("HEAD", 2),
            new Progress(System.out, System.err, 1),
            hang)
        .run();
  }

  private static void write(Path p, String text) {
    try {
      Files.writeString(p, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
