package dev.redline.checker.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One platform-api process the gate started: {@code java -jar} of a checkout's jar with the {@code
 * load} profile on its own embedded PostgreSQL, ready when {@code /actuator/health/readiness}
 * answers, stopped with its whole process tree (the embedded PostgreSQL included) on {@link
 * #close()}.
 */
public final class Platform implements AutoCloseable {
  private static final Pattern INTERESTING =
      Pattern.compile("Seed|seed|Flyway|Migrat|Started|embedded|Embedded");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int port;
  private final Process process;
  private final Path log;

  private Platform(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code checkout}'s platform on {@code port}, logging to {@code dataDir/platform.log},
   * with {@code env} added to the environment, and waits until it is ready (at most {@code
   * PLATFORM_READY_TIMEOUT} seconds, default 180), printing its start-up progress.
   */
  public static Platform start(
      String name,
      Checkout checkout,
      int port,
      Path dataDir,
      Map<String, String> env,
      Path embeddedDir,
      Progress progress) {
    Path jar = checkout.platformJar();
    if (!Files.isRegularFile(jar)) {
      throw new HarnessException(jar + " is missing; the build did not produce it");
    }
    Map<String, String> e = new LinkedHashMap<>();
    e.put("PLATFORM_EMBEDDED_DIR", envOr("PLATFORM_EMBEDDED_DIR", embeddedDir.toString()));
    e.putAll(env);
    // Each platform gets its own embedded PostgreSQL (a shared database would let base and head
    // disturb each other), even where PLATFORM_DB_URL is set for the tests.
    return launch(
        name,
        jar,
        port,
        dataDir,
        e,
        true,
        Integer.parseInt(envOr("PLATFORM_READY_TIMEOUT", "180")),
        progress);
  }

  /**
   * The platform JVM's options unless {@code PLATFORM_JAVA_OPTS} says otherwise: a fixed heap,
   * touched at start-up, on transparent huge pages where the kernel allows them. With the heap
   * growing from 512 MiB on demand, two JVMs of one build differed for their whole life: in an A/A
   * calibration over 4 JVM pairs (16 rounds, 2026-11-30) allocated bytes per request moved by up to
   * 3.5% and CPU per request by up to 14% from pair to pair; with these options by at most 0.9% and
   * 3.4% (config GET), and CPU per request fell by 15-25%.
   *
   * <p>{@code -XX:CompileThresholdScaling=0.1}: the JIT compiles at a tenth of its usual invocation
   * counts, so the measured rounds find the code compiled. With the usual thresholds CPU per
   * request still fell 25-30% over the 16 rounds after a 120 s warm-up, in steps that shifted the
   * base/head ratio by +/-10% for minutes; with this it stayed level. A/A calibrations over 4 JVM
   * pairs side by side (2026-11-30 23:25 and 23:39): pair-to-pair sd of CPU per request
   * 1.7/0/4.1/0/7.5% (config, dashboard, model by id, list, create) against 10.3/13.6/7.1/2.4/4.2%.
   */
  static final String DEFAULT_JAVA_OPTS =
      "-Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages"
          + " -XX:CompileThresholdScaling=0.1";

  /**
   * Starts {@code jar} ({@code java -jar} in its own session, {@code PLATFORM_JAVA_OPTS}, profile
   * {@code PLATFORM_PROFILE} or {@code load}) on {@code port} with {@code env} added, logging to
   * {@code dataDir/platform.log}, and waits at most {@code readyTimeoutSeconds} for its readiness;
   * a platform that does not get ready is stopped. {@code ownDatabase} removes {@code
   * PLATFORM_DB_URL} from its environment, so that it starts its embedded PostgreSQL.
   */
  public static Platform launch(
      String name,
      Path jar,
      int port,
      Path dataDir,
      Map<String, String> env,
      boolean ownDatabase,
      int readyTimeoutSeconds,
      Progress progress) {
    Path log = dataDir.resolve("platform.log");
    progress.say("starting platform-api (" + name + ") on 127.0.0.1:" + port + ", log " + log);
    List<String> cmd = new ArrayList<>(List.of("setsid", "java"));
    cmd.addAll(splitOpts(envOr("PLATFORM_JAVA_OPTS", DEFAULT_JAVA_OPTS)));
    cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(mkdirs(dataDir).toFile());
    Map<String, String> e = pb.environment();
    if (ownDatabase) {
      e.remove("PLATFORM_DB_URL");
    }
    e.put("PLATFORM_PORT", Integer.toString(port));
    e.put("SPRING_PROFILES_ACTIVE", envOr("PLATFORM_PROFILE", "load"));
    e.putAll(env);
    Platform p = new Platform(name, port, Procs.start(pb, log), log);
    try {
      p.awaitReady(readyTimeoutSeconds, progress);
    } catch (RuntimeException failed) {
      p.close();
      throw failed;
    }
    return p;
  }

  /**
   * Leaves this platform running after this JVM exits (no shutdown hook stops it any more) and
   * writes its process id to {@code pidFile}, for {@link #stopDetached}.
   */
  public void detach(Path pidFile) {
    Procs.forget(process);
    try {
      Files.writeString(pidFile, Long.toString(process.pid()) + "\n");
    } catch (IOException e) {
      close();
      throw new HarnessException("cannot write " + pidFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops the platform {@link #detach} left running, with its process tree, and deletes {@code
   * pidFile}; says so when there is nothing to stop. A process id now used by something other than
   * a {@code java -jar} is left alone.
   */
  public static void stopDetached(Path pidFile, Progress progress) {
    if (!Files.exists(pidFile)) {
      progress.say("no platform to stop: no " + pidFile);
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).strip());
    } catch (IOException | NumberFormatException e) {
      throw new HarnessException(pidFile + " holds no process id: " + e.getMessage(), e);
    }
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isPresent()
        && h.get().isAlive()
        && h.get().info().commandLine().map(c -> c.contains("-jar")).orElse(true)) {
      Procs.stop(h.get(), 30);
      progress.say("stopped platform-api (pid " + pid + ")");
    } else {
      progress.say("platform-api (pid " + pid + ") had already stopped");
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new HarnessException("cannot delete " + pidFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where platform NAME keeps its embedded PostgreSQL. PostgreSQL cannot run as root, so as root
   * the platform runs it as {@code nobody}, which cannot reach folders under /root: then (and only
   * when a folder on the way to .redline keeps others out) the data lives under
   * /var/lib/redline/&lt;checkout hash&gt;/NAME instead of .redline/pg/NAME.
   */
  public static Path embeddedDir(Path redlineDir, Checkout checkout, String name) {
    Path inCheckout = redlineDir.resolve("pg").resolve(name);
    if ("root".equals(System.getProperty("user.name")) && !othersCanReach(redlineDir)) {
      return Path.of("/var/lib/redline", md5Prefix(checkout.root().toString()), name);
    }
    return inCheckout;
  }

  /** True when every existing folder from the root down to {@code dir} lets others through. */
  static boolean othersCanReach(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    for (Path p = abs; p != null; p = p.getParent()) {
      if (!Files.exists(p)) {
        continue;
      }
      try {
        if (!Files.getPosixFilePermissions(p)
            .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
          return false;
        }
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return true;
  }

  private static String md5Prefix(String s) {
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady(int timeoutSeconds, Progress progress) {
    long started = System.nanoTime();
    long deadline = started + timeoutSeconds * 1_000_000_000L;
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        System.err.println(Procs.tail(log, 30));
        throw new HarnessException(
            "platform-api (" + name + ") exited during start-up; log " + log);
      }
      if (status("/actuator/health/readiness") == 200) {
        progress.say(
            "platform-api ("
                + name
                + ") ready in "
                + (System.nanoTime() - started) / 1_000_000_000L
                + " s");
        return;
      }
      String line = lastInteresting();
      if (!line.isEmpty() && !line.equals(last)) {
        last = line;
        int colon = line.lastIndexOf(": ");
        String text = colon >= 0 ? line.substring(colon + 2) : line;
        progress.say("  " + name + ": " + text.substring(0, Math.min(150, text.length())));
      }
      sleep(1000);
    }
    System.err.println(Procs.tail(log, 30));
    throw new HarnessException(
        "platform-api (" + name + ") was not ready after " + timeoutSeconds + " s; log " + log);
  }

  private String lastInteresting() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (INTERESTING.matcher(lines.get(i)).find()) {
          return lines.get(i);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not written yet
    }
    return "";
  }

  private int status(String path) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(3)).build();
      return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted while waiting for platform-api (" + name + ")", e);
    }
  }

  /** How often {@link #pin} runs taskset before it gives up. */
  static final int PIN_ATTEMPTS = 5;

  /**
   * Pins every thread of this JVM to {@code cpus} (a taskset CPU list such as {@code 0} or {@code
   * 0-1}); threads it starts later inherit the mask of the thread that starts them.
   *
   * <p>{@code taskset -a} lists the threads, then sets each one; a thread that ends in between (a
   * pool's idle worker after the /ws window) fails the call with "No such process" (a calibration
   * died of it at round 2). So a failed call is tried again, a few times, each with a fresh list.
   */
  public void pin(String cpus, Path logDir) {
    Path out = logDir.resolve("taskset.log");
    int code = -1;
    for (int attempt = 1; attempt <= PIN_ATTEMPTS && code != 0; attempt++) {
      code =
          Procs.run(
              List.of("taskset", "-a", "-p", "-c", cpus, Long.toString(process.pid())),
              logDir,
              out);
    }
    if (code != 0) {
      throw new HarnessException(
          "taskset could not pin platform-api ("
              + name
              + ") to CPU "
              + cpus
              + " in "
              + PIN_ATTEMPTS
              + " attempts; log "
              + out);
    }
  }

  /** Fails naming this platform and its log when it is no longer running. */
  public void requireAlive(String during) {
    if (!process.isAlive()) {
      System.err.println(Procs.tail(log, 20));
      throw new HarnessException(
          "platform-api ("
              + name
              + ") died during "
              + during
              + " (exit "
              + process.exitValue()
              + "); log "
              + log);
    }
  }

  public String name() {
    return name;
  }

  /** The platform JVM's process id ({@code setsid} execs it in place). */
  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      Procs.stop(process.toHandle(), 30);
    }
  }

  static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  static List<String> splitOpts(String opts) {
    return opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
  }

  private static Path mkdirs(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new HarnessException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted", e);
    }
  }
}
