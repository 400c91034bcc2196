package dev.redline.checker.store.influx;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The InfluxDB 1.x for integration tests: {@code INFLUX_URL} when set (CI), else an {@code influxd}
 * of our own ({@code INFLUX_BIN} or the PATH), else a Testcontainers container where Docker runs,
 * else the test is skipped with one line saying why. One server per test JVM; each test uses its
 * own fresh database.
 */
final class InfluxServers {
  private static String url;

  private InfluxServers() {}

  static synchronized String url() throws Exception {
    if (url != null) {
      return url;
    }
    String env = System.getenv("INFLUX_URL");
    if (env != null && !env.isBlank()) {
      return url = env;
    }
    if (InfluxdProcess.binary().isPresent()) {
      InfluxdProcess p = InfluxdProcess.start(InfluxdProcess.binary().get());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(p)));
      return url = p.url();
    }
    if (dockerAvailable()) {
      GenericContainer<?> c =
          new GenericContainer<>(DockerImageName.parse("influxdb:1.8"))
              .withEnv("INFLUXDB_REPORTING_DISABLED", "true")
              .withExposedPorts(8086)
              .waitingFor(Wait.forHttp("/ping").forStatusCode(204));
      c.start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::stop));
      return url = "http://" + c.getHost() + ":" + c.getMappedPort(8086);
    }
    Assumptions.abort(
        "No InfluxDB: INFLUX_URL is unset, no influxd (INFLUX_BIN or PATH) and no Docker for Testcontainers.");
    return null;
  }

  /** Settings for a database no other test uses (not created yet). */
  static InfluxSettings freshDatabase(String prefix) throws Exception {
    String db = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Map<String, String> env = System.getenv();
    return new InfluxSettings(url(), db, env.get("INFLUX_USER"), env.get("INFLUX_PASSWORD"));
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  private static void closeQuietly(InfluxdProcess p) {
    try {
      p.close();
    } catch (Exception ignored) {
      // JVM shutdown: nothing left to do.
    }
  }
}
