package dev.redline.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The one DataSource: the server in {@code platform.db.url} when set, else an embedded PostgreSQL
 * started here. Pool sizes are the contract's (10 idle, 30 max, 1 h lifetime); a connection is
 * waited for at most {@code platform.db.pool.connection-timeout} (2 s), and while PostgreSQL is
 * away the {@link DatabaseCircuit} fails acquisitions at once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
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

  @Bean
  EmbeddedServer embeddedServer(DatabaseProperties db) {
    if (StringUtils.hasText(db.url())) {
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

  @Bean
  HikariDataSource dataSource(
      EmbeddedServer embedded, DatabaseCircuit circuit, DatabaseProperties db) {
    DatabaseProperties.Pool pool = db.pool();
    Duration connectionTimeout = pool.connectionTimeout();
    HikariConfig cfg = new HikariConfig();
    cfg.setPoolName("platform");
    cfg.setJdbcUrl(
        StringUtils.hasText(db.url()) ? db.url() : embedded.server().jdbcUrl("postgres"));
    cfg.setUsername(db.user());
    cfg.setPassword(db.password() == null ? "" : db.password());
    cfg.setSchema(db.schema());
    cfg.setMinimumIdle(pool.minIdle());
    cfg.setMaximumPoolSize(pool.maxSize());
    cfg.setConnectionTimeout(connectionTimeout.toMillis());
    // A pooled connection's liveness check must not outlast the wait for a connection.
    cfg.setValidationTimeout(Math.max(250, Math.min(1000, connectionTimeout.toMillis() / 2)));
    cfg.setMaxLifetime(pool.maxLifetime().toMillis());
    cfg.setExceptionOverride(circuit.exceptionOverride());
    // Server-side prepared statements after the 2nd use of a statement: the hot queries are few.
    cfg.addDataSourceProperty("prepareThreshold", "2");
    cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
    cfg.addDataSourceProperty("ApplicationName", "platform-api");
    return new GuardedDataSource(cfg, circuit);
  }
}
