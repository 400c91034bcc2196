package dev.redline.platform.cluster;

import com.zaxxer.hikari.HikariDataSource;
import dev.redline.platform.db.DatabaseProperties;
import dev.redline.platform.session.EngineGate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One engine per database: the instance holding a session-level PostgreSQL advisory lock on its own
 * connection (outside the pool) is the leader and the only one whose engine ticks. PostgreSQL
 * rather than a Redis lease because the engine's work is in PostgreSQL anyway: the lock needs no
 * Redis, holds while Redis is down, and frees itself the moment the leader's process or connection
 * dies (the server ends the session), so a standby takes over on its next tick (1 s by default).
 * Each tick the leader checks its connection; if it is gone, leadership is gone.
 *
 * <p>Within a tick the engine's transaction-scoped lock and {@code FOR UPDATE SKIP LOCKED} still
 * guard against overlap (e.g. a test calling {@code tick()} directly).
 */
@Component
public class EngineLeadership implements EngineGate, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(EngineLeadership.class);

  private final HikariDataSource pool;
  private final long lockKey;
  private Connection held;
  private volatile boolean leader;

  EngineLeadership(DataSource dataSource, DatabaseProperties db, MeterRegistry registry) {
    // The pool itself, under the statement-counting proxy the Redline starter puts around it.
    try {
      this.pool = dataSource.unwrap(HikariDataSource.class);
    } catch (SQLException e) {
      throw new IllegalStateException("the engine's leader lock needs a Hikari pool", e);
    }
    // One key per schema, so test schemas on one server elect their own leaders.
    this.lockKey =
        0x7ed11e_0000_0000L | (("platform-engine:" + db.schema()).hashCode() & 0xffffffffL);
    Gauge.builder("platform.engine.leader", this, l -> l.leader ? 1 : 0)
        .description("1 on the instance whose session engine runs")
        .register(registry);
  }

  @Override
  public synchronized boolean mayAdvance() {
    try {
      if (held != null) {
        if (held.isValid(2)) {
          return true;
        }
        log.warn("Lost the engine lock's connection; another instance may lead now");
        release();
      }
      Connection c =
          DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
      try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        st.setLong(1, lockKey);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            held = c;
            leader = true;
            log.info("This instance now runs the session engine (advisory lock {})", lockKey);
            return true;
          }
        }
      }
      c.close();
      return false;
    } catch (SQLException e) {
      log.warn("Engine leadership check failed: {}", e.toString());
      release();
      return false;
    }
  }

  /** True while this instance holds the engine. */
  public boolean isLeader() {
    return leader;
  }

  private void release() {
    leader = false;
    if (held != null) {
      try {
        held.close();
      } catch (SQLException e) {
        // Closing ends the server session, which frees the lock either way.
      }
      held = null;
    }
  }

  @Override
  public synchronized void destroy() {
    release();
  }
}
