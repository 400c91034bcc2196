package dev.redline.platform.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The model fields a session list shows (name, framework, device), by model id, kept in memory.
 * Models are never changed or deleted once registered (the API has no such route), so an entry
 * never goes stale and instances need no invalidation; misses are read in one query per page.
 *
 * <p>Why: the list joined every page's 51 rows with {@code models} in PostgreSQL, 51 index probes
 * that were half of the database's work per list request (pgbench on the million-session database:
 * 7,400 list statements/s with the join, 15,000 without).
 */
@Component
public class ModelLabels {

  /** The fields of a model a list row carries. */
  public record Label(String name, String framework, String targetDevice) {}

  /** Bound on cached models: 100,000 labels are about 20 MB (the 1M-session seed has 20,000). */
  static final long MAX_MODELS = 100_000;

  private final JdbcClient jdbc;
  private final Cache<UUID, Label> cache =
      Caffeine.newBuilder().maximumSize(MAX_MODELS).recordStats().build();

  ModelLabels(JdbcClient jdbc, MeterRegistry registry) {
    this.jdbc = jdbc;
    CaffeineCacheMetrics.monitor(registry, cache, "model_labels");
  }

  /** Labels of {@code ids} (unknown ids are absent), reading the uncached ones in one query. */
  public Map<UUID, Label> get(Collection<UUID> ids) {
    return cache.getAll(ids, this::load);
  }

  private Map<UUID, Label> load(Set<? extends UUID> ids) {
    Map<UUID, Label> out = new HashMap<>(ids.size() * 2);
    jdbc.sql("SELECT id, name, framework, target_device FROM models WHERE id = ANY(?)")
        .param(ids.toArray(UUID[]::new))
        .query(
            rs -> {
              out.put(
                  rs.getObject(1, UUID.class),
                  new Label(rs.getString(2), rs.getString(3), rs.getString(4)));
            });
    return out;
  }
}
