package dev.redline.platform.session;

import dev.redline.platform.system.Params;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exact session counts for any filter the list allows, without counting a range of rows (schema and
 * reasons in {@code V3__session_counts_by_time.sql}). Writes append deltas; {@link #fold()} moves
 * them into the per-status, per-hour and per-day tables; {@link #total} builds one SQL expression
 * that adds folded counts and pending deltas in one snapshot, so a count is exact at any moment,
 * also while sessions are being created.
 *
 * <p>A date range {@code [after, before)} is cut at whole hours and whole UTC days: the days come
 * from {@code session_day_stats} (at most one row per day and status), the hours at either end from
 * {@code session_hour_stats} (at most 23 per end), and only the minutes before the first and after
 * the last whole hour are counted on an index (at most two hours of rows). A model filter counts
 * that model's rows on its index ({@code (model_id, created_at, id)}: a model's sessions, not the
 * table).
 */
@Component
public class SessionCounts {

  private static final Logger log = LoggerFactory.getLogger(SessionCounts.class);

  /** Arbitrary constant naming the fold's advisory lock (one folder at a time across instances). */
  private static final long FOLD_LOCK_KEY = 0x7ed11e_0002L;

  /** A scalar SQL expression and its parameters, in order. */
  public record Sql(String expression, List<Object> params) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  SessionCounts(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /** Moves the pending deltas into the counters; returns how many delta rows it folded. */
  @Scheduled(
      initialDelayString = "${platform.counts.fold-interval}",
      fixedDelayString = "${platform.counts.fold-interval}")
  public void scheduledFold() {
    try {
      fold();
    } catch (RuntimeException e) {
      log.warn("Folding session count deltas failed: {}", e.toString());
    }
  }

  /**
   * One fold in one transaction; 0 when another instance is folding. At most once a second after a
   * fold that moved rows, the deltas table is vacuumed: each fold leaves its rows dead, and a
   * reader's scan of the table (seldom more than a few hundred live rows) would otherwise read
   * every dead row since autovacuum's last visit (at 2,000 creates/s, hundreds of pages).
   */
  public long fold() {
    long folded = foldOnce();
    long now = System.nanoTime();
    if (folded > 0 && now - lastVacuumNanos > VACUUM_EVERY_NANOS) {
      lastVacuumNanos = now;
      jdbc.sql("VACUUM session_count_deltas").update();
    }
    return folded;
  }

  private static final long VACUUM_EVERY_NANOS = 1_000_000_000L;
  private volatile long lastVacuumNanos = System.nanoTime();

  private long foldOnce() {
    Long folded =
        tx.execute(
            s -> {
              if (!Boolean.TRUE.equals(
                  jdbc.sql("SELECT pg_try_advisory_xact_lock(?)")
                      .param(FOLD_LOCK_KEY)
                      .query(Boolean.class)
                      .single())) {
                return 0L;
              }
              return jdbc.sql(FOLD).query(Long.class).single();
            });
    return folded == null ? 0 : folded;
  }

  // Data-modifying CTEs all run, on the rows the DELETE took: a delta row committed meanwhile stays
  // for the next fold, and readers see the deltas or their folded sums, never both or neither.
  private static final String FOLD =
      "WITH d AS (DELETE FROM session_count_deltas RETURNING *),"
          + " st AS (UPDATE session_stats t SET session_count = t.session_count + x.n,"
          + " results_count = t.results_count + x.r,"
          + " sum_size_reduction = t.sum_size_reduction + x.s,"
          + " sum_speedup = t.sum_speedup + x.p, sum_accuracy_delta = t.sum_accuracy_delta + x.a"
          + " FROM (SELECT status, sum(session_count) n, sum(results_count) r,"
          + " sum(sum_size_reduction) s, sum(sum_speedup) p, sum(sum_accuracy_delta) a"
          + " FROM d GROUP BY status) x WHERE t.status = x.status RETURNING 1),"
          + " h AS (INSERT INTO session_hour_stats AS t (hour, status, session_count)"
          + " SELECT hour, status, sum(session_count) FROM d GROUP BY hour, status"
          + " ON CONFLICT (hour, status) DO UPDATE"
          + " SET session_count = t.session_count + excluded.session_count RETURNING 1),"
          + " dy AS (INSERT INTO session_day_stats AS t (day, status, session_count)"
          + " SELECT date_trunc('day', hour, 'UTC'), status, sum(session_count) FROM d GROUP BY 1, 2"
          + " ON CONFLICT (day, status) DO UPDATE"
          + " SET session_count = t.session_count + excluded.session_count RETURNING 1)"
          + " SELECT count(*) FROM d";

  /** Sessions matching the query's filters (the page's position does not narrow it). */
  public static Sql total(SessionQuery q) {
    return total(q.statuses(), q.modelId(), q.createdAfter(), q.createdBefore());
  }

  /**
   * Sessions with one of {@code statuses} (empty: any), of {@code modelId} (null: any), created in
   * {@code [after, before)} (null: unbounded on that side).
   */
  public static Sql total(
      EnumSet<SessionStatus> statuses, UUID modelId, Instant after, Instant before) {
    Sql status = statusFilter(statuses);
    if (modelId != null) {
      List<Object> params = new ArrayList<>(4);
      StringBuilder sql = new StringBuilder("(SELECT count(*) FROM sessions WHERE model_id = ?");
      params.add(modelId);
      sql.append(status.expression());
      params.addAll(status.params());
      if (after != null) {
        sql.append(" AND created_at >= ?");
        params.add(utc(after));
      }
      if (before != null) {
        sql.append(" AND created_at < ?");
        params.add(utc(before));
      }
      return new Sql(sql.append(')').toString(), params);
    }
    if (after == null && before == null) {
      return new Sql(
          "(SELECT coalesce(sum(session_count), 0)::bigint FROM session_stats_live WHERE true"
              + status.expression()
              + ")",
          status.params());
    }
    Instant afterHour = after == null ? null : ceil(after, ChronoUnit.HOURS);
    Instant beforeHour = before == null ? null : before.truncatedTo(ChronoUnit.HOURS);
    Parts parts = new Parts(status);
    if ((afterHour != null && !Params.inRange(afterHour))
        || (afterHour != null && beforeHour != null && !afterHour.isBefore(beforeHour))) {
      // No whole hour inside: under two hours of rows.
      parts.rows(after, before);
      return parts.sql();
    }
    if (after != null && after.isBefore(afterHour)) {
      parts.rows(after, afterHour);
    }
    if (before != null && beforeHour.isBefore(before)) {
      parts.rows(beforeHour, before);
    }
    Instant afterDay = afterHour == null ? null : ceil(afterHour, ChronoUnit.DAYS);
    Instant beforeDay = beforeHour == null ? null : beforeHour.truncatedTo(ChronoUnit.DAYS);
    if (afterDay != null && beforeDay != null && !afterDay.isBefore(beforeDay)) {
      parts.sum("session_hour_stats", "hour", afterHour, beforeHour);
    } else {
      if (afterHour != null && afterHour.isBefore(afterDay)) {
        parts.sum("session_hour_stats", "hour", afterHour, afterDay);
      }
      parts.sum("session_day_stats", "day", afterDay, beforeDay);
      if (beforeHour != null && beforeDay.isBefore(beforeHour)) {
        parts.sum("session_hour_stats", "hour", beforeDay, beforeHour);
      }
    }
    parts.sum("session_count_deltas", "hour", afterHour, beforeHour);
    return parts.sql();
  }

  /** The terms of a range count, added up. */
  private static final class Parts {
    private final Sql status;
    private final StringBuilder sql = new StringBuilder("(0");
    private final List<Object> params = new ArrayList<>(16);

    Parts(Sql status) {
      this.status = status;
    }

    void rows(Instant from, Instant to) {
      sql.append(" + (SELECT count(*) FROM sessions WHERE true");
      bounds("created_at", from, to);
      sql.append(')');
    }

    void sum(String table, String column, Instant from, Instant to) {
      sql.append(" + (SELECT coalesce(sum(session_count), 0)::bigint FROM ").append(table);
      sql.append(" WHERE true");
      bounds(column, from, to);
      sql.append(')');
    }

    private void bounds(String column, Instant from, Instant to) {
      if (from != null) {
        sql.append(" AND ").append(column).append(" >= ?");
        params.add(utc(from));
      }
      if (to != null) {
        sql.append(" AND ").append(column).append(" < ?");
        params.add(utc(to));
      }
      sql.append(status.expression());
      params.addAll(status.params());
    }

    Sql sql() {
      return new Sql(sql.append(')').toString(), params);
    }
  }

  private static Sql statusFilter(EnumSet<SessionStatus> statuses) {
    if (statuses.isEmpty() || statuses.size() == SessionStatus.values().length) {
      return new Sql("", List.of());
    }
    if (statuses.size() == 1) {
      return new Sql(" AND status = ?", List.of(statuses.iterator().next().wire()));
    }
    return new Sql(
        " AND status = ANY(?)",
        List.of((Object) statuses.stream().map(SessionStatus::wire).toArray(String[]::new)));
  }

  private static Instant ceil(Instant t, ChronoUnit unit) {
    Instant floor = t.truncatedTo(unit);
    return floor.equals(t) ? t : floor.plus(1, unit);
  }

  private static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
