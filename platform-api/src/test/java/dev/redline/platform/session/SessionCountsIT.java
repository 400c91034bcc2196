package dev.redline.platform.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import dev.redline.platform.auth.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The list's totals come from counters (per status, hour and day, plus pending deltas): they must
 * equal a count of the rows for every filter shape, and stay equal while sessions are created and
 * cancelled concurrently with the folds.
 */
class SessionCountsIT extends ApiIT {

  private static final String LIST = "/api/v1/optimization/sessions";

  @Autowired SessionCounts counts;

  @Test
  void totalsOfEveryFilterShapeEqualTheRowsCounted() {
    Random random = new Random(18);
    Instant now = Instant.now();
    List<UUID> models =
        jdbc.sql("SELECT id FROM models ORDER BY id LIMIT 5").query(UUID.class).list();
    List<Instant> points = new ArrayList<>();
    points.add(null);
    points.add(now.truncatedTo(ChronoUnit.DAYS).minus(30, ChronoUnit.DAYS)); // a whole day
    points.add(now.truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.HOURS)); // a whole hour
    points.add(now.minus(Duration.ofHours(24)));
    points.add(now.plus(Duration.ofMinutes(5)));
    for (int i = 0; i < 12; i++) {
      points.add(now.minusSeconds(random.nextLong(95L * 24 * 3600)));
    }
    for (int i = 0; i < 6; i++) { // short ranges: inside one hour, across one hour boundary
      Instant t = now.minusSeconds(random.nextLong(90L * 24 * 3600));
      points.add(t);
      points.add(t.plusSeconds(60 + random.nextInt(2 * 3600)));
    }
    int checked = 0;
    for (Instant after : points) {
      for (Instant before : points) {
        if (after != null && before != null && !after.isBefore(before)) {
          continue;
        }
        EnumSet<SessionStatus> statuses = randomStatuses(random);
        UUID model = random.nextInt(6) == 0 ? models.get(random.nextInt(models.size())) : null;
        assertThat(counted(statuses, model, after, before))
            .as("statuses %s model %s [%s, %s)", statuses, model, after, before)
            .isEqualTo(rows(statuses, model, after, before));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(200);
    // And through the API, where the total rides with the page in one statement.
    Instant after = points.get(6);
    Res api = get(LIST + "?created_after=" + after + "&status=completed&limit=1", viewerToken);
    assertThat(api.status()).as(api.body()).isEqualTo(200);
    assertThat(api.json().get("total").asLong())
        .isEqualTo(rows(EnumSet.of(SessionStatus.COMPLETED), null, after, null))
        .isPositive();
  }

  @Test
  void countsStayExactWhileSessionsAreCreatedCancelledAndFolded() throws Exception {
    String model = jdbc.sql("SELECT id::text FROM models LIMIT 1").query(String.class).single();
    String body =
        "{\"model_id\":\""
            + model
            + "\",\"techniques\":[\"pruning\"],\"target_device\":\"x86-cpu\"}";
    Instant since = Instant.now().minus(Duration.ofMinutes(90)); // partial hours at the start
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger created = new AtomicInteger();
    ConcurrentLinkedQueue<String> toCancel = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      String writer = newToken(Role.OPERATOR); // one user each: 40 creates, inside its rate limit
      writers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 40; i++) {
                  Res r = send("POST", LIST, writer, body, Map.of());
                  assertThat(r.status()).as(r.body()).isEqualTo(201);
                  created.incrementAndGet();
                  if (i % 4 == 0) {
                    toCancel.add(r.json().get("id").asString());
                  }
                }
                return null;
              }));
    }
    writers.add(
        pool.submit(
            () -> {
              while (writing.get() || !toCancel.isEmpty()) {
                String id = toCancel.poll();
                if (id == null) {
                  Thread.sleep(2);
                  continue;
                }
                Res r = send("POST", LIST + "/" + id + "/cancel", operatorToken, null, Map.of());
                assertThat(r.status()).as(r.body()).isEqualTo(200);
              }
              return null;
            }));
    Future<Long> folder =
        pool.submit(
            () -> {
              long folded = 0;
              while (writing.get()) {
                folded += counts.fold();
              }
              return folded;
            });
    // Readers: counters and rows in one statement (one snapshot) must agree at every moment.
    List<Future<Integer>> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(
          pool.submit(
              () -> {
                int reads = 0;
                while (writing.get()) {
                  for (EnumSet<SessionStatus> statuses :
                      List.of(
                          EnumSet.noneOf(SessionStatus.class),
                          EnumSet.of(SessionStatus.QUEUED),
                          EnumSet.of(SessionStatus.CANCELLED, SessionStatus.QUEUED))) {
                    long[] both = countedAndRows(statuses, since);
                    assertThat(both[0]).as("%s since %s", statuses, since).isEqualTo(both[1]);
                    long[] all = countedAndRows(statuses, null);
                    assertThat(all[0]).as("%s", statuses).isEqualTo(all[1]);
                    reads++;
                  }
                }
                return reads;
              }));
    }
    try {
      for (int w = 0; w < 8; w++) {
        writers.get(w).get(120, TimeUnit.SECONDS);
      }
    } finally {
      writing.set(false);
    }
    writers.get(8).get(60, TimeUnit.SECONDS);
    long folded = folder.get(10, TimeUnit.SECONDS);
    for (Future<Integer> reader : readers) {
      assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
    }
    pool.shutdown();
    assertThat(created.get()).isEqualTo(320);
    assertThat(folded).isPositive();

    counts.fold();
    // Folded, the tables themselves equal the rows grouped.
    assertThat(sql("SELECT count(*) FROM session_count_deltas")).isZero();
    assertThat(
            sql(
                "SELECT count(*) FROM (SELECT date_trunc('hour', created_at, 'UTC') h, status,"
                    + " count(*) n FROM sessions GROUP BY 1, 2) r FULL JOIN session_hour_stats s"
                    + " ON s.hour = r.h AND s.status = r.status"
                    + " WHERE coalesce(r.n, 0) <> coalesce(s.session_count, 0)"))
        .isZero();
    assertThat(
            sql(
                "SELECT count(*) FROM (SELECT date_trunc('day', created_at, 'UTC') d, status,"
                    + " count(*) n FROM sessions GROUP BY 1, 2) r FULL JOIN session_day_stats s"
                    + " ON s.day = r.d AND s.status = r.status"
                    + " WHERE coalesce(r.n, 0) <> coalesce(s.session_count, 0)"))
        .isZero();
    for (SessionStatus st : SessionStatus.values()) {
      assertThat(sql("SELECT session_count FROM session_stats WHERE status = ?", st.wire()))
          .as(st.wire())
          .isEqualTo(sql("SELECT count(*) FROM sessions WHERE status = ?", st.wire()));
    }
  }

  private static EnumSet<SessionStatus> randomStatuses(Random random) {
    EnumSet<SessionStatus> set = EnumSet.noneOf(SessionStatus.class);
    for (SessionStatus st : SessionStatus.values()) {
      if (random.nextInt(3) == 0) {
        set.add(st);
      }
    }
    return set;
  }

  private long counted(EnumSet<SessionStatus> statuses, UUID model, Instant after, Instant before) {
    SessionCounts.Sql total = SessionCounts.total(statuses, model, after, before);
    return jdbc.sql("SELECT " + total.expression())
        .params(total.params())
        .query(Long.class)
        .single();
  }

  private long rows(EnumSet<SessionStatus> statuses, UUID model, Instant after, Instant before) {
    List<Object> params = new ArrayList<>();
    String where = where(statuses, model, after, before, params);
    return jdbc.sql("SELECT count(*) FROM sessions WHERE true" + where)
        .params(params)
        .query(Long.class)
        .single();
  }

  /** The counter-based total and count(*) of the same filters, in one statement. */
  private long[] countedAndRows(EnumSet<SessionStatus> statuses, Instant after) {
    SessionCounts.Sql total = SessionCounts.total(statuses, null, after, null);
    List<Object> params = new ArrayList<>(total.params());
    String where = where(statuses, null, after, null, params);
    return jdbc.sql(
            "SELECT "
                + total.expression()
                + ", (SELECT count(*) FROM sessions WHERE true"
                + where
                + ")")
        .params(params)
        .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
        .single();
  }

  private static String where(
      EnumSet<SessionStatus> statuses,
      UUID model,
      Instant after,
      Instant before,
      List<Object> params) {
    StringBuilder sb = new StringBuilder();
    if (!statuses.isEmpty()) {
      sb.append(" AND status = ANY(?)");
      params.add(statuses.stream().map(SessionStatus::wire).toArray(String[]::new));
    }
    if (model != null) {
      sb.append(" AND model_id = ?");
      params.add(model);
    }
    if (after != null) {
      sb.append(" AND created_at >= ?");
      params.add(after.atOffset(java.time.ZoneOffset.UTC));
    }
    if (before != null) {
      sb.append(" AND created_at < ?");
      params.add(before.atOffset(java.time.ZoneOffset.UTC));
    }
    return sb.toString();
  }
}
