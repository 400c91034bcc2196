package dev.redline.platform.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the data alive: every tick advances running sessions, finishes those at 100% (completed, or
 * failed with probability {@code failure-percent}), and promotes queued sessions while fewer than
 * {@code max-running} run. One transaction per tick; events are published after commit. With
 * several instances, a transaction-scoped advisory lock lets only one engine act per tick.
 */
@Component
@ConditionalOnProperty(
    name = "platform.engine.enabled",
    havingValue = "true",
    matchIfMissing = true)
class SessionEngine {

  private static final Logger log = LoggerFactory.getLogger(SessionEngine.class);

  /** Arbitrary constant naming the engine's advisory lock. */
  private static final long LOCK_KEY = 0x7ed11e_0001L;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final SessionEventPublisher events;
  private final EngineGate gate;
  private final int maxRunning;
  private final double failurePercent;

  SessionEngine(
      JdbcClient jdbc,
      TransactionTemplate tx,
      SessionEventPublisher events,
      EngineGate gate,
      EngineProperties engine) {
    int maxRunning = engine.maxRunning();
    double failurePercent = engine.failurePercent();
    this.jdbc = jdbc;
    this.tx = tx;
    this.events = events;
    this.gate = gate;
    this.maxRunning = maxRunning;
    this.failurePercent = failurePercent;
  }

  @Scheduled(
      initialDelayString = "${platform.engine.tick:1s}",
      fixedDelayString = "${platform.engine.tick:1s}")
  void scheduledTick() {
    try {
      if (gate.mayAdvance()) {
        tick();
      }
    } catch (RuntimeException e) {
      log.warn("Session engine tick failed: {}", e.toString());
    }
  }

  /** One step of the engine; returns the events it published (for tests). */
  List<SessionEvent> tick() {
    List<SessionEvent> out = tx.execute(s -> step());
    if (out != null && !out.isEmpty()) {
      events.publish(out);
    }
    return out == null ? List.of() : out;
  }

  private List<SessionEvent> step() {
    Boolean locked =
        jdbc.sql("SELECT pg_try_advisory_xact_lock(?)")
            .param(LOCK_KEY)
            .query(Boolean.class)
            .single();
    if (!Boolean.TRUE.equals(locked)) {
      return List.of();
    }
    Instant now = Instant.now();
    List<SessionEvent> out = new ArrayList<>();
    jdbc.sql(
            "UPDATE sessions SET progress_percent = LEAST(100, progress_percent + 1"
                + " + floor(random() * 10)::int), updated_at = now()"
                + " WHERE status = 'running' AND progress_percent < 100"
                + " RETURNING id, progress_percent")
        .query(
            (rs, i) ->
                new SessionEvent(
                    SessionEvent.PROGRESS,
                    rs.getObject(1, UUID.class),
                    SessionStatus.RUNNING,
                    rs.getInt(2),
                    now))
        .list()
        .forEach(out::add);
    // Results: completed sessions meet typical criteria; failed ones lose too much accuracy.
    jdbc.sql(
            "UPDATE sessions SET status = f.st, finished_at = now(), updated_at = now(),"
                + " size_reduction_percent = round((20 + random() * 60)::numeric, 2),"
                + " speedup_factor = round((1.2 + random() * 3.3)::numeric, 2),"
                + " accuracy_delta_percent = CASE WHEN f.st = 'failed'"
                + " THEN round((-3 - random() * 5)::numeric, 2)"
                + " ELSE round((-random() * 2)::numeric, 2) END"
                + " FROM (SELECT id, CASE WHEN random() * 100 < ? THEN 'failed' ELSE 'completed'"
                + " END AS st FROM sessions WHERE status = 'running' AND progress_percent >= 100) f"
                + " WHERE sessions.id = f.id RETURNING sessions.id, sessions.status")
        .param(failurePercent)
        .query(
            (rs, i) -> {
              boolean failed = "failed".equals(rs.getString(2));
              return new SessionEvent(
                  failed ? SessionEvent.FAILED : SessionEvent.COMPLETED,
                  rs.getObject(1, UUID.class),
                  failed ? SessionStatus.FAILED : SessionStatus.COMPLETED,
                  100,
                  now);
            })
        .list()
        .forEach(out::add);
    jdbc.sql(
            "UPDATE sessions SET status = 'running', started_at = now(), updated_at = now()"
                + " WHERE id IN (SELECT id FROM sessions WHERE status = 'queued'"
                + " ORDER BY created_at, id LIMIT greatest(0, ? - (SELECT session_count"
                + " FROM session_stats_live WHERE status = 'running')) FOR UPDATE SKIP LOCKED)"
                + " RETURNING id, progress_percent")
        .param(maxRunning)
        .query(
            (rs, i) ->
                new SessionEvent(
                    SessionEvent.PROGRESS,
                    rs.getObject(1, UUID.class),
                    SessionStatus.RUNNING,
                    rs.getInt(2),
                    now))
        .list()
        .forEach(out::add);
    return out;
  }
}
