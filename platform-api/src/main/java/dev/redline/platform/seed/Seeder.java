package dev.redline.platform.seed;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills models and sessions with set-based SQL ({@code INSERT ... SELECT generate_series}), all in
 * one transaction (a failed seed leaves nothing behind). Deterministic by seed: ids are {@code
 * md5(kind:seed:n)}, and every value comes from {@code random()} after {@code setseed(seed)} in a
 * single non-parallel statement; timestamps are relative to now().
 *
 * <p>Proportions: one model per 50 sessions (at least 10); sessions 1% running (at most {@code
 * maxRunning}), 6% queued, the rest finished: 85% completed, 9% failed, 6% cancelled. Finished
 * sessions spread over the last 90 days, queued and running ones over the last 6 hours.
 */
public class Seeder {

  private static final Logger log = LoggerFactory.getLogger(Seeder.class);
  static final String DEVICES =
      "(ARRAY['jetson-orin','jetson-nano','raspberry-pi-5','coral-tpu','x86-cpu'])";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public Seeder(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  public boolean isEmpty() {
    return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM models)").query(Boolean.class).single();
  }

  /** Replaces all models and sessions with a generated set; returns the number of models. */
  public long seed(long sessions, long seed, int maxRunning) {
    long models = Math.max(10, sessions / 50);
    long running = Math.min(maxRunning, sessions / 100);
    long queued = sessions * 6 / 100;
    long t0 = System.nanoTime();
    tx.executeWithoutResult(
        s -> {
          jdbc.sql("SET LOCAL synchronous_commit = off").update();
          jdbc.sql("SET LOCAL maintenance_work_mem = '256MB'").update();
          jdbc.sql("TRUNCATE sessions, models").update();
          jdbc.sql("TRUNCATE session_count_deltas, session_hour_stats, session_day_stats").update();
          jdbc.sql(
                  "UPDATE session_stats SET session_count = 0, results_count = 0,"
                      + " sum_size_reduction = 0, sum_speedup = 0, sum_accuracy_delta = 0")
              .update();
          // setseed takes [-1, 1]; fold the seed into it.
          jdbc.sql("SELECT setseed(?)")
              .param(((seed % 2_000_001L) - 1_000_000L) / 1_000_001.0)
              .query()
              .listOfRows();
          jdbc.sql(
                  "INSERT INTO models (id, name, framework, size_mb, parameter_count,"
                      + " target_device, created_at)"
                      + " SELECT md5('model:' || ? || ':' || g)::uuid,"
                      + " (ARRAY['resnet50','yolov8','mobilenet-v3','efficientnet-b4','bert-base',"
                      + "'vit-b16','pointnet','dino-v2','whisper-small','rt-detr'])[1 + (g % 10)]"
                      + " || '-' || g,"
                      + " (ARRAY['pytorch','tensorflow','onnx','jax','tflite'])[1 + floor(random() * 5)::int],"
                      + " round((5 + random() * 995)::numeric, 1),"
                      + " (1000000 + floor(random() * 499000000))::bigint,"
                      + " "
                      + DEVICES
                      + "[1 + (g % 5)],"
                      + " now() - interval '120 days' + (g::double precision / ?) * interval '30 days'"
                      + " FROM generate_series(1, ?) g")
              .param(seed)
              .param(models)
              .param(models)
              .update();
          // Bulk path: building indexes once after the insert is several times faster than
          // maintaining them row by row, and the counters are computed once with a GROUP BY.
          List<String> indexDefs =
              jdbc.sql(
                      "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                          + " AND tablename = 'sessions' AND indexname <> 'sessions_pkey'")
                  .query(String.class)
                  .list();
          jdbc.sql(
                  "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                      + " AND tablename = 'sessions' AND indexname <> 'sessions_pkey'")
              .query(String.class)
              .list()
              .forEach(name -> jdbc.sql("DROP INDEX \"" + name + "\"").update());
          jdbc.sql("ALTER TABLE sessions DROP CONSTRAINT sessions_pkey").update();
          jdbc.sql("ALTER TABLE sessions DISABLE TRIGGER sessions_stats_ins").update();
          jdbc.sql(
                  "INSERT INTO sessions (id, model_id, status, techniques, target_device,"
                      + " progress_percent, size_reduction_percent, speedup_factor,"
                      + " accuracy_delta_percent, created_at, started_at, finished_at, updated_at)"
                      + " SELECT id, md5('model:' || ? || ':' || mi)::uuid, st,"
                      + " CASE floor(r4 * 7)::int WHEN 0 THEN ARRAY['quantization'] WHEN 1 THEN ARRAY['pruning']"
                      + " WHEN 2 THEN ARRAY['distillation'] WHEN 3 THEN ARRAY['quantization','pruning']"
                      + " WHEN 4 THEN ARRAY['pruning','distillation']"
                      + " WHEN 5 THEN ARRAY['quantization','distillation']"
                      + " ELSE ARRAY['quantization','pruning','distillation'] END,"
                      + " "
                      + DEVICES
                      + "[1 + (mi % 5)],"
                      + " CASE st WHEN 'queued' THEN 0 WHEN 'running' THEN floor(r5 * 95)::int"
                      + " WHEN 'cancelled' THEN floor(r5 * 90)::int ELSE 100 END,"
                      + " CASE WHEN st IN ('completed','failed') THEN round((20 + r5 * 60)::numeric, 2) END,"
                      + " CASE WHEN st IN ('completed','failed') THEN round((1.2 + r4 * 3.3)::numeric, 2) END,"
                      + " CASE st WHEN 'completed' THEN round((-r3 * 2)::numeric, 2)"
                      + " WHEN 'failed' THEN round((-3 - r3 * 5)::numeric, 2) END,"
                      + " created, CASE WHEN st <> 'queued' THEN created + interval '2 minutes' END,"
                      + " CASE WHEN st IN ('completed','failed','cancelled') THEN created + interval '40 minutes' END,"
                      + " CASE WHEN st IN ('completed','failed','cancelled') THEN created + interval '40 minutes'"
                      + " ELSE created + interval '2 minutes' END"
                      + " FROM ("
                      + "  SELECT md5('session:' || ? || ':' || g)::uuid AS id,"
                      + "   1 + floor(r1 * ?)::bigint AS mi, r3, r4, r5,"
                      + "   CASE WHEN g <= ? THEN 'running' WHEN g <= ? THEN 'queued'"
                      + "    WHEN r2 < 0.85 THEN 'completed' WHEN r2 < 0.94 THEN 'failed'"
                      + "    ELSE 'cancelled' END AS st,"
                      + "   CASE WHEN g <= ? THEN now() - r3 * interval '6 hours' - interval '3 minutes'"
                      + "    ELSE now() - interval '1 hour' - r3 * interval '90 days' END AS created"
                      + "  FROM (SELECT g, random() r1, random() r2, random() r3, random() r4,"
                      + "   random() r5 FROM generate_series(1, ?) g) x"
                      + " ) y")
              .param(seed)
              .param(seed)
              .param(models)
              .param(running)
              .param(running + queued)
              .param(running + queued)
              .param(sessions)
              .update();
          jdbc.sql("ALTER TABLE sessions ENABLE TRIGGER sessions_stats_ins").update();
          jdbc.sql(
                  "UPDATE session_stats st SET session_count = d.n, results_count = d.r,"
                      + " sum_size_reduction = d.s, sum_speedup = d.p, sum_accuracy_delta = d.a"
                      + " FROM (SELECT status, count(*) n, count(size_reduction_percent) r,"
                      + " coalesce(sum(size_reduction_percent), 0) s,"
                      + " coalesce(sum(speedup_factor), 0) p,"
                      + " coalesce(sum(accuracy_delta_percent), 0) a"
                      + " FROM sessions GROUP BY status) d WHERE st.status = d.status")
              .update();
          jdbc.sql(
                  "INSERT INTO session_hour_stats SELECT date_trunc('hour', created_at, 'UTC'),"
                      + " status, count(*) FROM sessions GROUP BY 1, 2")
              .update();
          jdbc.sql(
                  "INSERT INTO session_day_stats SELECT date_trunc('day', hour, 'UTC'), status,"
                      + " sum(session_count) FROM session_hour_stats GROUP BY 1, 2")
              .update();
          jdbc.sql("ALTER TABLE sessions ADD CONSTRAINT sessions_pkey PRIMARY KEY (id)").update();
          indexDefs.forEach(def -> jdbc.sql(def).update());
        });
    long inserted = System.nanoTime();
    // Outside the transaction: VACUUM sets the visibility map so counts can be index-only.
    jdbc.sql("VACUUM (ANALYZE) models").update();
    jdbc.sql("VACUUM (ANALYZE) sessions").update();
    log.info(
        "Seeded {} models and {} sessions (seed {}) in {} ms (+{} ms VACUUM ANALYZE)",
        models,
        sessions,
        seed,
        (inserted - t0) / 1_000_000,
        (System.nanoTime() - inserted) / 1_000_000);
    return models;
  }
}
