package dev.redline.platform.config;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

// @Component, not @Repository: JdbcClient already translates exceptions, and @Repository would put
// a CGLIB proxy (a reflective call) in front of every query.
@Component
public class CriteriaRepository {

  private static final String COLUMNS =
      "max_accuracy_loss_percent, min_size_reduction_percent, max_latency_ms, allowed_techniques,"
          + " target_devices, version, updated_at";

  private final JdbcClient jdbc;

  CriteriaRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public OptimizationCriteria load() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM optimization_criteria WHERE id = 1")
        .query((rs, i) -> map(rs))
        .single();
  }

  /**
   * Replaces the document when its version is still {@code expectedVersion}.
   *
   * @return the new document, or null when the version moved on (a concurrent PUT won)
   */
  public OptimizationCriteria replace(CriteriaInput in, long expectedVersion) {
    return jdbc.sql(
            "UPDATE optimization_criteria SET max_accuracy_loss_percent = ?,"
                + " min_size_reduction_percent = ?, max_latency_ms = ?, allowed_techniques = ?,"
                + " target_devices = ?, version = version + 1, updated_at = now()"
                + " WHERE id = 1 AND version = ? RETURNING "
                + COLUMNS)
        .param(in.maxAccuracyLossPercent())
        .param(in.minSizeReductionPercent())
        .param(in.maxLatencyMs())
        .param(in.allowedTechniques().toArray(String[]::new))
        .param(in.targetDevices().toArray(String[]::new))
        .param(expectedVersion)
        .query((rs, i) -> map(rs))
        .optional()
        .orElse(null);
  }

  static OptimizationCriteria map(ResultSet rs) throws SQLException {
    return new OptimizationCriteria(
        rs.getDouble(1),
        rs.getDouble(2),
        rs.getDouble(3),
        strings(rs.getArray(4)),
        strings(rs.getArray(5)),
        rs.getLong(6),
        rs.getTimestamp(7).toInstant());
  }

  static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }
}
