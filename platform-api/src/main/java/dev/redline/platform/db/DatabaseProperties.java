package dev.redline.platform.db;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.db.*}: the schema, the embedded server, the pool's defaults and the database
 * circuit. The server itself is Spring Boot's {@code spring.datasource.url/username/password}
 * ({@code PLATFORM_DB_URL}, {@code PLATFORM_DB_USER}, {@code PLATFORM_DB_PASSWORD}); without a URL
 * the embedded PostgreSQL starts.
 *
 * @param schema schema of every table (tests use a fresh one per run)
 * @param embedded the embedded server, used when {@code spring.datasource.url} is empty
 * @param pool the Hikari connection pool
 * @param circuit the database circuit ({@link DatabaseCircuit})
 */
@ConfigurationProperties("platform.db")
public record DatabaseProperties(
    @DefaultValue("public") String schema,
    @DefaultValue Embedded embedded,
    @DefaultValue Pool pool,
    @DefaultValue Circuit circuit) {

  /**
   * The embedded PostgreSQL.
   *
   * @param dir base folder for binaries, data and log (empty: ~/.redline/embedded-pg, or
   *     /var/lib/redline/embedded-pg as root)
   * @param port TCP port on 127.0.0.1 (0: a free one on each start)
   */
  public record Embedded(String dir, @DefaultValue("0") int port) {}

  /**
   * The connection pool's defaults (API.md: 10 idle, 30 max, 1 h lifetime); {@code
   * spring.datasource.hikari.*} overrides them.
   *
   * @param minIdle connections kept open while idle
   * @param maxSize most connections
   * @param connectionTimeout longest wait for a connection before the request fails
   * @param maxLifetime a connection is replaced after this long
   */
  public record Pool(
      @DefaultValue("10") int minIdle,
      @DefaultValue("30") int maxSize,
      @DefaultValue("2s") Duration connectionTimeout,
      @DefaultValue("1h") Duration maxLifetime) {}

  /**
   * The database circuit: opens when {@code failureRate} % of the last {@code window} connection
   * acquisitions failed (at least {@code minimumCalls}); while open, database calls fail at once
   * for {@code openWait}.
   *
   * @param window acquisitions the failure rate is taken over
   * @param minimumCalls fewest acquisitions before the circuit may open
   * @param failureRate percent of failed acquisitions that opens the circuit
   * @param openWait how long the circuit stays open before one trial acquisition
   */
  public record Circuit(
      @DefaultValue("10") int window,
      @DefaultValue("5") int minimumCalls,
      @DefaultValue("50") float failureRate,
      @DefaultValue("2s") Duration openWait) {}
}
