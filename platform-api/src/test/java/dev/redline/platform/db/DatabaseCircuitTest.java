package dev.redline.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseCircuitTest {

  private final DatabaseCircuit circuit = new DatabaseCircuit(10, 5, 50, Duration.ofSeconds(2));
  private final AtomicInteger poolCalls = new AtomicInteger();

  private Connection refused() throws SQLException {
    poolCalls.incrementAndGet();
    throw new SQLTransientConnectionException("platform - Connection is not available", "08001");
  }

  private Connection served() {
    poolCalls.incrementAndGet();
    return null; // the circuit does not look at the connection
  }

  @Test
  void tellsServerOutagesFromFailingQueries() {
    assertThat(DatabaseCircuit.isOutage(new SQLException("I/O error", "08006"))).isTrue();
    assertThat(DatabaseCircuit.isOutage(new SQLException("admin shutdown", "57P01"))).isTrue();
    assertThat(DatabaseCircuit.isOutage(new SQLException("starting up", "57P03"))).isTrue();
    assertThat(DatabaseCircuit.isOutage(new SQLException("too many clients", "53300"))).isTrue();
    assertThat(
            DatabaseCircuit.isOutage(
                new CannotCreateTransactionException(
                    "Could not open JDBC Connection",
                    new SQLTransientConnectionException("pool timeout"))))
        .isTrue();
    SQLException chained = new SQLException("batch failed", "22000");
    chained.setNextException(new SQLException("connection reset", "08006"));
    assertThat(DatabaseCircuit.isOutage(chained)).isTrue();

    assertThat(DatabaseCircuit.isOutage(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(DatabaseCircuit.isOutage(new SQLException("no such table", "42P01"))).isFalse();
    assertThat(
            DatabaseCircuit.isOutage(
                new DataIntegrityViolationException(
                    "dup", new SQLException("duplicate key", "23505"))))
        .isFalse();
    assertThat(DatabaseCircuit.isOutage(new DataAccessResourceFailureException("no cause")))
        .isFalse();
    assertThat(DatabaseCircuit.isOutage(new IllegalStateException("a bug"))).isFalse();
  }

  @Test
  void opensAfterFailedAcquisitionsAndThenFailsWithoutAskingThePool() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> circuit.acquire(this::refused))
          .isInstanceOf(SQLTransientConnectionException.class);
    }
    assertThat(circuit.isOpen()).isTrue();
    assertThatThrownBy(() -> circuit.acquire(this::served))
        .isInstanceOf(DatabaseUnavailableException.class)
        .satisfies(e -> assertThat(DatabaseCircuit.isOutage(e)).isTrue());
    assertThat(poolCalls).hasValue(5);
    assertThat(circuit.retryAfterSeconds()).isEqualTo(2);
  }

  @Test
  void staysClosedWhileMostAcquisitionsSucceed() throws Exception {
    for (int i = 0; i < 20; i++) {
      if (i % 5 == 0) {
        assertThatThrownBy(() -> circuit.acquire(this::refused)).isInstanceOf(SQLException.class);
      } else {
        circuit.acquire(this::served);
      }
    }
    assertThat(circuit.isOpen()).isFalse();
  }

  @Test
  void oneSuccessfulTrialClosesItAgain() throws Exception {
    circuit.breaker().transitionToOpenState();
    circuit.breaker().transitionToHalfOpenState();
    circuit.acquire(this::served);
    assertThat(circuit.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(circuit.isOpen()).isFalse();
  }

  @Test
  void serverErrorsOnPooledConnectionsOpenItButQueryErrorsDoNot() {
    var hook = circuit.exceptionOverride();
    for (int i = 0; i < 20; i++) {
      hook.adjudicate(new SQLException("duplicate key", "23505"));
    }
    assertThat(circuit.isOpen()).isFalse();
    for (int i = 0; i < 5; i++) {
      hook.adjudicate(new SQLException("terminating connection", "57P01"));
    }
    assertThat(circuit.isOpen()).isTrue();
  }
}
