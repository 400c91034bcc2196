package dev.redline.platform.dashboard;

import dev.redline.platform.cache.CachedBody;
import dev.redline.platform.cache.ResponseCache;
import dev.redline.platform.session.SessionCounts;
import dev.redline.platform.session.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the stats from the trigger-maintained per-status counters ({@code session_stats_live}, 5
 * rows), the model count and the last 24 h from the per-hour counters ({@link SessionCounts}): a
 * few milliseconds even at 1M sessions.
 */
@Service
public class DashboardService {

  private final JdbcClient jdbc;
  private final ResponseCache cache;
  private final JsonMapper mapper;

  DashboardService(
      JdbcClient jdbc, @Qualifier("dashboardCache") ResponseCache cache, JsonMapper mapper) {
    this.jdbc = jdbc;
    this.cache = cache;
    this.mapper = mapper;
  }

  public byte[] statsJson() {
    return cache
        .get("stats", () -> new CachedBody(mapper.writeValueAsBytes(compute()), null))
        .json();
  }

  DashboardStats compute() {
    SessionCounts.Sql last24h =
        SessionCounts.total(
            EnumSet.noneOf(SessionStatus.class),
            null,
            Instant.now().minus(Duration.ofHours(24)),
            null);
    return jdbc.sql(
            "SELECT"
                + " coalesce(sum(session_count), 0),"
                + " coalesce(sum(session_count) FILTER (WHERE status = 'queued'), 0),"
                + " coalesce(sum(session_count) FILTER (WHERE status = 'running'), 0),"
                + " coalesce(sum(session_count) FILTER (WHERE status = 'completed'), 0),"
                + " coalesce(sum(session_count) FILTER (WHERE status = 'failed'), 0),"
                + " coalesce(sum(session_count) FILTER (WHERE status = 'cancelled'), 0),"
                + " (SELECT count(*) FROM models),"
                + " "
                + last24h.expression()
                + ","
                + " sum(sum_size_reduction) FILTER (WHERE status = 'completed'),"
                + " sum(sum_speedup) FILTER (WHERE status = 'completed'),"
                + " sum(sum_accuracy_delta) FILTER (WHERE status = 'completed'),"
                + " sum(results_count) FILTER (WHERE status = 'completed')"
                + " FROM session_stats_live")
        .params(last24h.params())
        .query(
            (rs, i) -> {
              long n = rs.getLong(12);
              return new DashboardStats(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getLong(7),
                  rs.getLong(8),
                  n == 0 ? 0 : round2(rs.getDouble(9) / n),
                  n == 0 ? 0 : round2(rs.getDouble(10) / n),
                  n == 0 ? 0 : round2(rs.getDouble(11) / n),
                  Instant.now());
            })
        .single();
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
