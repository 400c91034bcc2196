package dev.redline.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
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
  EmbeddedServer embeddedServer(
      @Value("${platform.db.url:}") String url,
      @Value("${platform.db.embedded.dir:}") String dir,
      @Value("${platform.db.embedded.port:0}") int port) {
    if (StringUtils.hasText(url)) {
      return new EmbeddedServer(null);
    }
    Path base = StringUtils.hasText(dir) ? Path.of(dir) : EmbeddedPostgres.defaultBaseDir();
    return new EmbeddedServer(EmbeddedPostgres.start(base, port));
  }

  @Bean
  DatabaseCircuit databaseCircuit(
      @Value("${platform.db.circuit.window:10}") int window,
      @Value("${platform.db.circuit.minimum-calls:5}") int minimumCalls,
      @Value("${platform.db.circuit.failure-rate:50}") float failureRate,
      @Value("${platform.db.circuit.open-wait:2s}") Duration openWait,
      MeterRegistry registry) {
    DatabaseCircuit circuit = new DatabaseCircuit(window, minimumCalls, failureRate, openWait);
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuit.registry()).bindTo(registry);
    return circuit;
  }

  @Bean
  HikariDataSource dataSource(
      EmbeddedServer embedded,
      DatabaseCircuit circuit,
      @Value("${platform.db.url:}") String url,
      @Value("${platform.db.user:postgres}") String user,
      @Value("${platform.db.password:}") String password,
      @Value("${platform.db.schema:public}") String schema,
      @Value("${platform.db.pool.min-idle:10}") int minIdle,
      @Value("${platform.db.pool.max-size:30}") int maxSize,
      @Value("${platform.db.pool.connection-timeout:2s}") Duration connectionTimeout,
      @Value("${platform.db.pool.max-lifetime:1h}") Duration maxLifetime) {
    HikariConfig cfg = new HikariConfig();
    cfg.setPoolName("platform");
    cfg.setJdbcUrl(StringUtils.hasText(url) ? url : embedded.server().jdbcUrl("postgres"));
    cfg.setUsername(user);
    cfg.setPassword(password);
    cfg.setSchema(schema);
    cfg.setMinimumIdle(minIdle);
    cfg.setMaximumPoolSize(maxSize);
    cfg.setConnectionTimeout(connectionTimeout.toMillis());
    // A pooled connection's liveness check must not outlast the wait for a connection.
    cfg.setValidationTimeout(Math.max(250, Math.min(1000, connectionTimeout.toMillis() / 2)));
    cfg.setMaxLifetime(maxLifetime.toMillis());
    cfg.setExceptionOverride(circuit.exceptionOverride());
    // Server-side prepared statements after the 2nd use of a statement: the hot queries are few.
    cfg.addDataSourceProperty("prepareThreshold", "2");
    cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
    cfg.addDataSourceProperty("ApplicationName", "platform-api");
    return new GuardedDataSource(cfg, circuit);
  }
}
