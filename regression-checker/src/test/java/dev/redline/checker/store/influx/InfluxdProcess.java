package dev.redline.checker.store.influx;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An {@code influxd} (InfluxDB 1.x) of our own: data in a temp folder, a random free port, no usage
 * reporting; the config has the shape of {@code .ci/influxdb.conf}. Stop and start it again on the
 * same port and data to simulate an outage.
 */
final class InfluxdProcess implements AutoCloseable {
  private final Path binary;
  private final Path dir;
  private final int port;
  private Process process;

  private InfluxdProcess(Path binary, Path dir, int port) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  /** {@code INFLUX_BIN}, else {@code influxd} on the PATH. */
  static Optional<Path> binary() {
    String env = System.getenv("INFLUX_BIN");
    if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String d : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, "influxd");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static InfluxdProcess start(Path binary) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("redline-influxd-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(
        dir.resolve("influxdb.conf"),
        """
        reporting-disabled = true
        bind-address = "127.0.0.1:0"

        [meta]
          dir = "%1$s/meta"

        [data]
          dir = "%1$s/data"
          wal-dir = "%1$s/wal"
          query-log-enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:%2$d"
          auth-enabled = false
          log-enabled = false

        [monitor]
          store-enabled = false

        [continuous_queries]
          enabled = false
        """
            .formatted(dir, port));
    InfluxdProcess p = new InfluxdProcess(binary, dir, port);
    p.start();
    return p;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts (again) on the same port and data; returns once {@code /ping} answers. */
  void start() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(binary.toString(), "-config", dir.resolve("influxdb.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "influxd exited with "
                + process.exitValue()
                + ": "
                + Files.readString(dir.resolve("influxd.log")));
      }
      if (pings()) {
        return;
      }
      Thread.sleep(100);
    }
    stop();
    throw new IOException("influxd did not answer /ping on " + url() + " within 60 s");
  }

  /** Kills the server (SIGKILL: an outage, not a clean shutdown) and waits until it is gone. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  private boolean pings() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(url() + "/ping").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(500);
      int code = c.getResponseCode();
      c.disconnect();
      return code == 204;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException, IOException {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
