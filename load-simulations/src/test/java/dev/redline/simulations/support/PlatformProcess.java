package dev.redline.simulations.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the platform-api jar around the build's smoke runs (bound by the module's POM to
 * pre- and post-integration-test through {@code exec:java}).
 *
 * <pre>
 * start JAR PORT STATE_DIR READY_TIMEOUT_SECONDS LOAD_USERS RATE_LIMIT_FACTOR
 * stop STATE_DIR
 * </pre>
 *
 * <p>{@code start} copies JAR into STATE_DIR and runs the copy ({@code java -jar}) with the {@code
 * load} profile on {@code PORT}, passing the environment through (so CI's {@code PLATFORM_DB_URL}
 * reaches it; without it the platform starts embedded PostgreSQL), logs to {@code
 * STATE_DIR/platform.log}, writes the pid to {@code STATE_DIR/platform.pid}, and returns once
 * {@code /actuator/health/readiness} answers 200. A shutdown hook stops the platform when the Maven
 * JVM exits before {@code stop} ran, so a failed build leaves nothing behind.
 */
public final class PlatformProcess {

  private PlatformProcess() {}

  /** Entry point for exec:java; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length == 7 && args[0].equals("start")) {
      start(
          Paths.get(args[1]),
          Integer.parseInt(args[2]),
          Paths.get(args[3]),
          Integer.parseInt(args[4]),
          args[5],
          args[6]);
    } else if (args.length == 2 && args[0].equals("stop")) {
      stop(Paths.get(args[1]));
    } else {
      throw new IllegalArgumentException(
          "usage: start JAR PORT STATE_DIR READY_TIMEOUT_SECONDS LOAD_USERS RATE_LIMIT_FACTOR"
              + " | stop STATE_DIR; got "
              + String.join(" ", args));
    }
  }

  static void start(
      Path jar,
      int port,
      Path stateDir,
      int timeoutSeconds,
      String loadUsers,
      String rateLimitFactor)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " does not exist: build platform-api first (run from the repository root, or add"
              + " -am: ./mvnw verify -pl load-simulations -am)");
    }
    Files.createDirectories(stateDir);
    // Run a private copy: a jar rebuilt under a running JVM (another build in the same tree)
    // breaks its class loading mid-run.
    Path copy = stateDir.resolve("platform-api.jar");
    Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
    Path log = stateDir.resolve("platform.log");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-jar");
    command.add(copy.toAbsolutePath().toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PLATFORM_PORT", Integer.toString(port));
    builder.environment().putIfAbsent("SPRING_PROFILES_ACTIVE", "load");
    builder.environment().put("PLATFORM_LOAD_USERS", loadUsers);
    // The load profile multiplies limits by 1000, out of reach for the rate-limit scenario's one
    // user; this factor keeps every other smoke run far below its limits all the same.
    builder.environment().putIfAbsent("PLATFORM_RATELIMIT_FACTOR", rateLimitFactor);
    if (System.getenv("PLATFORM_DB_URL") != null && !System.getenv("PLATFORM_DB_URL").isBlank()) {
      // A shared database (CI's): keep the smoke platform's tables in a schema of their own.
      builder.environment().putIfAbsent("PLATFORM_DB_SCHEMA", "redline_load_smoke");
    }
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    String db = System.getenv("PLATFORM_DB_URL");
    System.out.printf(
        "[platform] starting %s on 127.0.0.1:%d (%s), log %s%n",
        jar.getFileName(),
        port,
        db == null || db.isBlank() ? "embedded PostgreSQL" : "PLATFORM_DB_URL=" + db,
        log);
    Process process = builder.start();
    Files.writeString(stateDir.resolve("platform.pid"), Long.toString(process.pid()));
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> terminate(process.toHandle()), "stop-platform-api"));

    URI ready = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    long started = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "platform-api exited with code "
                + process.exitValue()
                + " before it was ready; last lines of "
                + log
                + ":\n"
                + tail(log, 40));
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          System.out.printf(
              "[platform] ready on port %d after %.1f s (pid %d)%n",
              port, (System.nanoTime() - started) / 1e9, process.pid());
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    terminate(process.toHandle());
    throw new IllegalStateException(
        "platform-api was not ready on "
            + ready
            + " within "
            + timeoutSeconds
            + " s; last lines of "
            + log
            + ":\n"
            + tail(log, 40));
  }

  static void stop(Path stateDir) throws IOException {
    Path pidFile = stateDir.resolve("platform.pid");
    if (!Files.exists(pidFile)) {
      System.out.println("[platform] nothing to stop: no " + pidFile);
      return;
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isPresent()
        && handle.get().info().commandLine().map(c -> c.contains("-jar")).orElse(true)) {
      terminate(handle.get());
      System.out.println("[platform] stopped pid " + pid);
    } else {
      System.out.println("[platform] pid " + pid + " already gone");
    }
    Files.delete(pidFile);
  }

  private static void terminate(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return;
    }
    // Parent first: Spring's shutdown stops its embedded PostgreSQL cleanly; leftovers after.
    List<ProcessHandle> children = handle.descendants().toList();
    handle.destroy();
    try {
      handle.onExit().get(20, TimeUnit.SECONDS);
    } catch (Exception slow) {
      handle.destroyForcibly();
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroy();
        try {
          child.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception slow) {
          child.destroyForcibly();
        }
      }
    }
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(could not read the log: " + e.getMessage() + ")";
    }
  }
}
