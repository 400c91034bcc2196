package dev.redline.platform.session;

import dev.redline.platform.model.ModelLabels;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * SQL for sessions. The list is one statement: the page is cut from an index ({@code (status,
 * created_at, id)} or {@code (created_at, id)}), with its total beside it; the model fields of the
 * page's rows come from {@link ModelLabels} (in memory; misses in one query), not a per-row query.
 */
// @Component, not @Repository: JdbcClient already translates exceptions, and @Repository would put
// a CGLIB proxy (a reflective call) in front of every query.
@Component
public class SessionRepository {

  private static final String ITEM_COLUMNS =
      "s.id, s.model_id, s.status, s.techniques, s.target_device, s.progress_percent,"
          + " s.size_reduction_percent, s.speedup_factor, s.accuracy_delta_percent, s.created_at,"
          + " s.updated_at";
  private static final String ORDER = " ORDER BY created_at DESC, id DESC";

  private final JdbcClient jdbc;
  private final ModelLabels models;

  SessionRepository(JdbcClient jdbc, ModelLabels models) {
    this.jdbc = jdbc;
    this.models = models;
  }

  /**
   * The page's rows plus one more when another page follows (the caller trims it), and the total.
   */
  public record Rows(List<SessionListItem> items, long total) {}

  /** The page and the total of its filters, in one statement (one round trip, one snapshot). */
  public Rows page(SessionQuery q) {
    SessionCounts.Sql total = SessionCounts.total(q);
    List<Object> params = new ArrayList<>(total.params().size() + 8);
    params.addAll(total.params());
    String inner;
    int fetch = q.limit() + 1;
    if (q.statuses().size() <= 1) {
      StringBuilder where = new StringBuilder();
      if (q.statuses().size() == 1) {
        where.append(" AND status = ?");
        params.add(q.statuses().iterator().next().wire());
      }
      appendFilters(q, where, params, true);
      inner =
          "SELECT * FROM sessions WHERE true"
              + where
              + ORDER
              + " LIMIT "
              + fetch
              + " OFFSET "
              + q.offset();
    } else {
      // One index range per status, each cut to the page's depth, merged: far cheaper than a
      // bitmap scan and sort over every row of several statuses.
      StringBuilder union = new StringBuilder();
      for (SessionStatus st : q.statuses()) {
        if (union.length() > 0) {
          union.append(" UNION ALL ");
        }
        StringBuilder where = new StringBuilder(" AND status = ?");
        params.add(st.wire());
        appendFilters(q, where, params, true);
        union
            .append("(SELECT * FROM sessions WHERE true")
            .append(where)
            .append(ORDER)
            .append(" LIMIT ")
            .append(fetch + q.offset())
            .append(')');
      }
      inner =
          "SELECT * FROM (" + union + ") u" + ORDER + " LIMIT " + fetch + " OFFSET " + q.offset();
    }
    String sql = "SELECT " + ITEM_COLUMNS + " FROM (" + inner + ") s";
    // One row per item with the total repeated, or a single row of NULLs and the total when the
    // page is empty.
    String withTotal =
        "SELECT t.total, p.* FROM (SELECT "
            + total.expression()
            + " AS total) t LEFT JOIN LATERAL ("
            + sql
            + ") p ON true ORDER BY p.created_at DESC, p.id DESC";
    long[] count = {0};
    List<Row> rows = new ArrayList<>(q.limit() + 1);
    jdbc.sql(withTotal)
        .params(params)
        .query(
            rs -> {
              count[0] = rs.getLong(1);
              if (rs.getObject(2) != null) {
                rows.add(mapRow(rs, 2));
              }
            });
    Map<UUID, ModelLabels.Label> labels =
        rows.isEmpty() ? Map.of() : models.get(rows.stream().map(Row::modelId).toList());
    List<SessionListItem> items = new ArrayList<>(rows.size());
    for (Row r : rows) {
      ModelLabels.Label m = labels.get(r.modelId());
      items.add(
          new SessionListItem(
              r.id(),
              r.modelId(),
              m == null ? null : m.name(),
              m == null ? null : m.framework(),
              m == null ? null : m.targetDevice(),
              r.status(),
              r.techniques(),
              r.targetDevice(),
              r.progressPercent(),
              r.results(),
              r.createdAt(),
              r.updatedAt()));
    }
    return new Rows(items, count[0]);
  }

  private static void appendFilters(
      SessionQuery q, StringBuilder where, List<Object> params, boolean withCursor) {
    if (q.modelId() != null) {
      where.append(" AND model_id = ?");
      params.add(q.modelId());
    }
    if (q.createdAfter() != null) {
      where.append(" AND created_at >= ?");
      params.add(utc(q.createdAfter()));
    }
    if (q.createdBefore() != null) {
      where.append(" AND created_at < ?");
      params.add(utc(q.createdBefore()));
    }
    if (withCursor && q.cursor() != null) {
      where.append(" AND (created_at, id) < (?, ?)");
      params.add(utc(q.cursor().createdAt()));
      params.add(q.cursor().id());
    }
  }

  private static final String VIEW_COLUMNS =
      "s.id, s.model_id, m.name, m.framework, s.status, s.techniques, s.target_device,"
          + " s.criteria_overrides::text, s.progress_percent, s.size_reduction_percent,"
          + " s.speedup_factor, s.accuracy_delta_percent, s.created_at, s.started_at,"
          + " s.finished_at, s.updated_at";

  public Optional<SessionView> find(UUID id) {
    return jdbc.sql(
            "SELECT "
                + VIEW_COLUMNS
                + " FROM sessions s JOIN models m ON m.id = s.model_id"
                + " WHERE s.id = ?")
        .param(id)
        .query((rs, i) -> mapView(rs))
        .optional();
  }

  /**
   * Inserts a queued session and returns it as {@link #find} would, in one statement.
   *
   * @return empty when the model does not exist (nothing is written)
   */
  public Optional<SessionView> insert(
      UUID id,
      UUID modelId,
      List<String> techniques,
      String targetDevice,
      String overridesJson,
      long createdBy) {
    // The model row is read in the same statement; the insert only happens when it exists, so an
    // unknown model is an empty result rather than a foreign-key error (which would need a
    // savepoint to recover from inside a transaction).
    return jdbc.sql(
            "WITH m AS (SELECT id, name, framework FROM models WHERE id = ?),"
                + " s AS (INSERT INTO sessions (id, model_id, status, techniques, target_device,"
                + " criteria_overrides, progress_percent, created_by, created_at, updated_at)"
                + " SELECT ?, m.id, 'queued', ?, ?, ?::jsonb, 0, ?, now(), now() FROM m RETURNING *)"
                + " SELECT "
                + VIEW_COLUMNS
                + " FROM s JOIN m ON m.id = s.model_id")
        .param(modelId)
        .param(id)
        .param(techniques.toArray(String[]::new))
        .param(targetDevice)
        .param(overridesJson)
        .param(createdBy)
        .query((rs, i) -> mapView(rs))
        .optional();
  }

  private static SessionView mapView(ResultSet rs) throws SQLException {
    return new SessionView(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        strings(rs.getArray(6)),
        rs.getString(7),
        rs.getString(8),
        rs.getInt(9),
        results(rs, 10),
        instant(rs, 13),
        instant(rs, 14),
        instant(rs, 15),
        instant(rs, 16));
  }

  /**
   * Cancels a queued or running session.
   *
   * @return the progress at cancellation, or empty when the session is unknown or finished
   */
  public Optional<Integer> cancel(UUID id) {
    return jdbc.sql(
            "UPDATE sessions SET status = 'cancelled', finished_at = now(), updated_at = now()"
                + " WHERE id = ? AND status IN ('queued', 'running') RETURNING progress_percent")
        .param(id)
        .query(Integer.class)
        .optional();
  }

  public boolean exists(UUID id) {
    return jdbc.sql("SELECT 1 FROM sessions WHERE id = ?").param(id).query().listOfRows().size()
        == 1;
  }

  /** A list row before its model's fields are added (from {@link ModelLabels}). */
  private record Row(
      UUID id,
      UUID modelId,
      String status,
      List<String> techniques,
      String targetDevice,
      int progressPercent,
      Results results,
      Instant createdAt,
      Instant updatedAt) {}

  /** Maps the item columns starting at column {@code first} (1-based). */
  private static Row mapRow(ResultSet rs, int first) throws SQLException {
    int c = first - 1;
    return new Row(
        rs.getObject(c + 1, UUID.class),
        rs.getObject(c + 2, UUID.class),
        rs.getString(c + 3),
        strings(rs.getArray(c + 4)),
        rs.getString(c + 5),
        rs.getInt(c + 6),
        results(rs, c + 7),
        instant(rs, c + 10),
        instant(rs, c + 11));
  }

  private static Results results(ResultSet rs, int first) throws SQLException {
    double size = rs.getDouble(first);
    if (rs.wasNull()) {
      return null;
    }
    return new Results(size, rs.getDouble(first + 1), rs.getDouble(first + 2));
  }

  // A timestamptz is an absolute instant, so the driver's Timestamp is exact whatever the JVM's
  // zone. Not getObject(OffsetDateTime): on JDK 17 each one builds a new ZoneRules with its own
  // ConcurrentHashMap (ZoneOffset.getRules), 17% of a list request's allocation (JFR).
  private static Instant instant(ResultSet rs, int col) throws SQLException {
    Timestamp t = rs.getTimestamp(col);
    return t == null ? null : t.toInstant();
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }

  private static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
