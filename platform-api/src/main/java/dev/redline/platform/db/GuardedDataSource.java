package dev.redline.platform.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The Hikari pool with every connection acquisition going through the {@link DatabaseCircuit}. A
 * subclass rather than a wrapper so that it stays the one {@code HikariDataSource} bean: Boot's
 * pool metrics, its health check, the shutdown close and {@code EngineLeadership} all see the pool
 * as before.
 */
final class GuardedDataSource extends HikariDataSource {

  private final DatabaseCircuit circuit;

  /**
   * An unstarted pool, so that Spring Boot can still bind {@code spring.datasource.hikari.*} onto
   * it; it starts on the first {@link #getConnection()} (Flyway's, during start-up).
   */
  GuardedDataSource(DatabaseCircuit circuit) {
    this.circuit = circuit;
    setExceptionOverride(circuit.exceptionOverride());
  }

  @Override
  public Connection getConnection() throws SQLException {
    return circuit.acquire(super::getConnection);
  }
}
