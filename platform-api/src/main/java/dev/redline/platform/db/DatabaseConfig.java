package dev.redline.platform.db;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The one DataSource, a Hikari pool configured the Spring Boot way ({@code spring.datasource.*},
 * {@code spring.datasource.hikari.*}), connected to, in this order: the connection details a
 * {@code @ServiceConnection} supplies (a Testcontainers PostgreSQL in tests), the server in {@code
 * spring.datasource.url} ({@code PLATFORM_DB_URL}), else an embedded PostgreSQL started here. Pool
 * sizes default to the contract's ({@code platform.db.pool.*}: 10 idle, 30 max, 1 h lifetime); a
 * connection is waited for at most {@code platform.db.pool.connection-timeout} (2 s), and while
 * PostgreSQL is away the {@link DatabaseCircuit} fails acquisitions at once.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

  /** Holder so the embedded server is stopped after the pool closes (destroy order is reverse). */
  record EmbeddedServer(EmbeddedPostgres server) implements AutoCloseable {
    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
    }
  }

  /** Started only when neither a service connection nor {@code spring.datasource.url} is given. */
  @Bean
  EmbeddedServer embeddedServer(
      DatabaseProperties db,
      DataSourceProperties dataSource,
      ObjectProvider<JdbcConnectionDetails> serviceConnection) {
    if (StringUtils.hasText(dataSource.getUrl()) || serviceConnection.getIfAvailable() != null) {
      return new EmbeddedServer(null);
    }
    String dir = db.embedded().dir();
    Path base = StringUtils.hasText(dir) ? Path.of(dir) : EmbeddedPostgres.defaultBaseDir();
    return new EmbeddedServer(EmbeddedPostgres.start(base, db.embedded().port()));
  }

  @Bean
  DatabaseCircuit databaseCircuit(DatabaseProperties db, MeterRegistry registry) {
    DatabaseProperties.Circuit c = db.circuit();
    DatabaseCircuit circuit =
        new DatabaseCircuit(c.window(), c.minimumCalls(), c.failureRate(), c.openWait());
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuit.registry()).bindTo(registry);
    return circuit;
  }

  /**
   * Our settings first; Boot then binds {@code spring.datasource.hikari.*} onto the pool, so any
   * Hikari setting can be given the documented Boot way and wins over the defaults here.
   */
  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(
      EmbeddedServer embedded,
      DatabaseCircuit circuit,
      DatabaseProperties db,
      DataSourceProperties dataSource,
      ObjectProvider<JdbcConnectionDetails> serviceConnection) {
    GuardedDataSource pool = new GuardedDataSource(circuit);
    pool.setPoolName("platform");
    JdbcConnectionDetails details = serviceConnection.getIfAvailable();
    if (details != null) {
      pool.setJdbcUrl(details.getJdbcUrl());
      pool.setUsername(details.getUsername());
      pool.setPassword(details.getPassword());
    } else {
      pool.setJdbcUrl(
          embedded.server() == null ? dataSource.getUrl() : embedded.server().jdbcUrl("postgres"));
      pool.setUsername(dataSource.getUsername());
      pool.setPassword(dataSource.getPassword() == null ? "" : dataSource.getPassword());
    }
    pool.setSchema(db.schema());
    DatabaseProperties.Pool sizes = db.pool();
    Duration connectionTimeout = sizes.connectionTimeout();
    pool.setMinimumIdle(sizes.minIdle());
    pool.setMaximumPoolSize(sizes.maxSize());
    pool.setConnectionTimeout(connectionTimeout.toMillis());
    // A pooled connection's liveness check must not outlast the wait for a connection.
    pool.setValidationTimeout(Math.max(250, Math.min(1000, connectionTimeout.toMillis() / 2)));
    pool.setMaxLifetime(sizes.maxLifetime().toMillis());
    // Server-side prepared statements after the 2nd use of a statement: the hot queries are few.
    pool.addDataSourceProperty("prepareThreshold", "2");
    pool.addDataSourceProperty("reWriteBatchedInserts", "true");
    pool.addDataSourceProperty("ApplicationName", "platform-api");
    return pool;
  }
}
