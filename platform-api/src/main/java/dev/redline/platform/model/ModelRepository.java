package dev.redline.platform.model;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

// @Component, not @Repository: JdbcClient already translates exceptions, and @Repository would put
// a CGLIB proxy (a reflective call) in front of every query.
@Component
public class ModelRepository {

  private static final String COLUMNS =
      "id, name, framework, size_mb, parameter_count, target_device, created_at";

  private final JdbcClient jdbc;

  ModelRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Model> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM models WHERE id = ?")
        .param(id)
        .query((rs, i) -> map(rs))
        .optional();
  }

  /** Newest first. */
  public List<Model> page(int limit, int offset) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM models ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
        .param(limit)
        .param(offset)
        .query((rs, i) -> map(rs))
        .list();
  }

  public long count() {
    return jdbc.sql("SELECT count(*) FROM models").query(Long.class).single();
  }

  public Model insert(ModelInput in) {
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();
    jdbc.sql(
            "INSERT INTO models (id, name, framework, size_mb, parameter_count, target_device,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .param(id)
        .param(in.name())
        .param(in.framework())
        .param(in.sizeMb())
        .param(in.parameterCount())
        .param(in.targetDevice())
        .param(Timestamp.from(now))
        .update();
    return find(id).orElseThrow();
  }

  static Model map(ResultSet rs) throws SQLException {
    return new Model(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        rs.getDouble(4),
        rs.getLong(5),
        rs.getString(6),
        rs.getTimestamp(7).toInstant());
  }
}
