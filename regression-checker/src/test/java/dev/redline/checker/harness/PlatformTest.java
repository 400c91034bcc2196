package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform lifecycle's failures, with real processes: each names the platform and its log. */
class PlatformTest {
  @TempDir Path dir;

  private final Progress quiet =
      new Progress(
          new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(new ByteArrayOutputStream()),
          1);

  @Test
  void aPlatformThatExitsDuringStartUpIsNamedWithItsLog() throws IOException {
    Checkout checkout = checkoutWithJar();
    assertThatThrownBy(
            () ->
                Platform.start(
                    "head",
                    checkout,
                    Gate.freePort(),
                    dir.resolve("data"),
                    Map.of(),
                    dir.resolve("pg"),
                    quiet))
        .isInstanceOf(HarnessException.class)
        .hasMessageContaining("platform-api (head) exited during start-up")
        .hasMessageContaining(dir.resolve("data/platform.log").toString());
  }

  @Test
  void aMissingJarIsNamed() {
    Checkout empty = new Checkout(dir);
    assertThatThrownBy(
            () ->
                Platform.start(
                    "base",
                    empty,
                    Gate.freePort(),
                    dir.resolve("data"),
                    Map.of(),
                    dir.resolve("pg"),
                    quiet))
        .isInstanceOf(HarnessException.class)
        .hasMessageContaining("platform-api.jar is missing");
  }

  @Test
  void stoppingAProcessStopsWhatItStarted() throws Exception {
    // a shell that starts a long sleep: both must be gone after stop
    Process shell =
        Procs.start(new ProcessBuilder("bash", "-c", "sleep 300 & wait"), dir.resolve("sleep.log"));
    long deadline = System.currentTimeMillis() + 5000;
    while (shell.toHandle().descendants().findAny().isEmpty()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    ProcessHandle child = shell.toHandle().descendants().findFirst().orElseThrow();
    Procs.stop(shell.toHandle(), 2);
    child.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(shell.isAlive()).isFalse();
    assertThat(child.isAlive()).isFalse();
  }

  /** A checkout whose platform jar is a jar without a main class: java -jar exits at once. */
  private Checkout checkoutWithJar() throws IOException {
    Path jar = dir.resolve("platform-api/target/platform-api.jar");
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, new Manifest())) {
      j.flush();
    }
    return new Checkout(dir);
  }
}
