package dev.redline.platform.db;

import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails database calls at once while PostgreSQL is away, instead of letting each one wait for the
 * pool's connection timeout. A Resilience4j {@link CircuitBreaker} watches connection acquisitions:
 * when at least {@code failureRatePercent} of the last {@code window} acquisitions (after {@code
 * minimumCalls}) failed, it opens, and every acquisition fails immediately with {@link
 * DatabaseUnavailableException} for {@code openWait}; then one acquisition is let through as a
 * trial, and its success closes the circuit again. Only acquisitions are guarded: a query that
 * fails for its own reasons (a constraint, a syntax error) says nothing about the server.
 */
public final class DatabaseCircuit {

  private static final Logger log = LoggerFactory.getLogger(DatabaseCircuit.class);

  /** SQLSTATEs that mean "the server is not there" (class 08 is matched as a prefix). */
  private static final java.util.Set<String> UNAVAILABLE_STATES =
      java.util.Set.of(
          "57P01", // admin_shutdown: terminating connection due to administrator command
          "57P02", // crash_shutdown
          "57P03", // cannot_connect_now: the database system is starting up / shutting down
          "53300"); // too_many_connections

  private final CircuitBreakerRegistry registry;
  private final CircuitBreaker breaker;
  private final Duration openWait;

  public DatabaseCircuit(
      int window, int minimumCalls, float failureRatePercent, Duration openWait) {
    this.openWait = openWait;
    this.registry =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(Math.min(minimumCalls, window))
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(openWait)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(DatabaseCircuit::isOutage)
                .build());
    this.breaker = registry.circuitBreaker("database");
    breaker
        .getEventPublisher()
        .onStateTransition(
            e -> {
              // One line per outage and per recovery; the trials in between only at debug.
              switch (e.getStateTransition()) {
                case CLOSED_TO_OPEN ->
                    log.warn(
                        "PostgreSQL is unreachable: database calls now fail at once (503), with"
                            + " one trial connection every {} ms",
                        openWait.toMillis());
                case HALF_OPEN_TO_CLOSED ->
                    log.info("PostgreSQL answers again: database circuit closed");
                default -> log.debug("Database circuit: {}", e.getStateTransition());
              }
            });
  }

  /** The Resilience4j breaker itself. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  /** The registry holding the breaker (metrics bind to it). */
  public CircuitBreakerRegistry registry() {
    return registry;
  }

  /** Seconds a client should wait before retrying while the database is away (at least 1). */
  public long retryAfterSeconds() {
    return Math.max(1, (openWait.toMillis() + 999) / 1000);
  }

  /** True while acquisitions fail at once (open, or half-open with its trial under way). */
  public boolean isOpen() {
    CircuitBreaker.State s = breaker.getState();
    return s == CircuitBreaker.State.OPEN || s == CircuitBreaker.State.HALF_OPEN;
  }

  /** Runs one connection acquisition through the circuit. */
  Connection acquire(ConnectionSource source) throws SQLException {
    if (!breaker.tryAcquirePermission()) {
      throw new DatabaseUnavailableException(
          "PostgreSQL is unreachable (database circuit open); retry in "
              + retryAfterSeconds()
              + " s");
    }
    long start = breaker.getCurrentTimestamp();
    try {
      Connection c = source.get();
      breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
      return c;
    } catch (SQLException | RuntimeException e) {
      breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
      throw e;
    }
  }

  /**
   * Hikari's hook for every SQLException a pooled connection throws: one that says the server is
   * gone (a query cut by the shutdown, a broken socket) counts against the circuit as a failed
   * acquisition would. So under load the circuit opens within milliseconds of PostgreSQL going
   * away, from the queries in flight, instead of after several requests each waited the pool's
   * connection timeout. Hikari's own eviction decision is left as it is.
   */
  SQLExceptionOverride exceptionOverride() {
    return new SQLExceptionOverride() {
      @java.lang.Override
      public SQLExceptionOverride.Override adjudicate(SQLException e) {
        if (isOutage(e)) {
          breaker.onError(0, TimeUnit.NANOSECONDS, e);
        }
        return SQLExceptionOverride.Override.CONTINUE_EVICT;
      }
    };
  }

  /** A connection acquisition that may fail with an SQLException. */
  @FunctionalInterface
  interface ConnectionSource {
    Connection get() throws SQLException;
  }

  /**
   * True when {@code t} (or any cause, or any chained SQLException) says the database server cannot
   * be reached, as opposed to a query of ours failing: our circuit's refusal, a pool timeout, a
   * refused or broken connection (SQLSTATE class 08), a server shutting down or starting up, or no
   * connection slots left.
   */
  public static boolean isOutage(Throwable t) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
    todo.add(t);
    while (!todo.isEmpty()) {
      Throwable x = todo.poll();
      if (x == null || seen.put(x, Boolean.TRUE) != null) {
        continue;
      }
      if (x instanceof DatabaseUnavailableException
          || x instanceof CallNotPermittedException
          || x instanceof SQLTransientConnectionException
          || x instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (x instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
          return true;
        }
        if (sql.getNextException() != null) {
          todo.add(sql.getNextException());
        }
      }
      if (x.getCause() != null) {
        todo.add(x.getCause());
      }
    }
    return false;
  }
}
