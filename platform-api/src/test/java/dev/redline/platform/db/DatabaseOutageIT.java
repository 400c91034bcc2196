package dev.redline.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.PlatformApplication;
import dev.redline.platform.auth.Role;
import dev.redline.platform.auth.TokenService;
import dev.redline.platform.json.JsonMapperFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real PostgreSQL stopped and started again under load. The service runs on its own embedded
 * server (in {@code $TMPDIR/redline-outage-it-pg}, never the shared one), so this test can stop it.
 * The instance has 16 request threads and 32 clients keep asking for an uncached, database-backed
 * list, the "the waiting requests fill every thread" in miniature: with the old 30 s pool
 * wait they held every thread, and the cached dashboard stalled with them.
 *
 * <p>Caches are given a 1 s TTL so they expire during the outage: the dashboard and config must be
 * answered from the stale entries (stale-if-error).
 */
class DatabaseOutageIT {

  private static final JsonMapper JSON = JsonMapperFactory.create();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final String SCHEMA =
      "it_outage_"
          + System.currentTimeMillis()
          + "_"
          + ThreadLocalRandom.current().nextInt(1000, 9999);
  private static final Path PG_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "redline-outage-it-pg");
  private static final int THREADS = 16;
  private static final int LOAD_CLIENTS = 32;

  private static EmbeddedPostgres pg;
  private static int pgPort;
  private static ConfigurableApplicationContext app;
  private static int port;

  @BeforeAll
  static void start() {
    pg = EmbeddedPostgres.start(PG_DIR, 0);
    pgPort = pg.port();
    app =
        new SpringApplicationBuilder(PlatformApplication.class)
            .run(
                "--server.port=0",
                "--platform.db.url=" + pg.jdbcUrl("postgres"),
                "--platform.db.schema=" + SCHEMA,
                "--platform.seed.sessions=300",
                "--platform.seed.seed=7",
                "--platform.engine.tick=1h",
                "--platform.cache.dashboard-ttl=1s",
                "--platform.cache.config-ttl=1s",
                "--platform.ratelimit.factor=1000",
                "--server.tomcat.threads.max=" + THREADS,
                "--spring.main.banner-mode=off");
    port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    if (app != null && app.isActive()) {
      try {
        app.getBean(JdbcClient.class).sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
      } catch (RuntimeException e) {
        // The server did not come back; the next run uses a new schema anyway.
      }
      app.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void answers503FastServesCachedReadsAndRecoversWhenPostgresStopsAndStarts() throws Exception {
    String token = "it-outage-" + UUID.randomUUID();
    app.getBean(TokenService.class).provision("user-" + token, Role.VIEWER, token);
    // Warm: the token, the dashboard and the config are cached before the outage.
    assertThat(call("/api/v1/dashboard/stats", token).status()).isEqualTo(200);
    assertThat(call("/api/v1/config/optimization-criteria", token).status()).isEqualTo(200);
    assertThat(call("/actuator/health/readiness", null).status()).isEqualTo(200);

    List<Sample> load = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(LOAD_CLIENTS);
    for (int i = 0; i < LOAD_CLIENTS; i++) {
      clients.submit(
          () -> {
            while (running.get()) {
              load.add(call("/api/v1/models?limit=5", token));
              pause(20);
            }
          });
    }
    try {
      Thread.sleep(500);
      long stopAt = System.nanoTime();
      pg.close(); // pg_ctl stop -m fast: sessions are cut, new connections refused

      // 1. A database-backed request gets 503 + Retry-After as a problem document, fast.
      Sample first503 = until(() -> call("/api/v1/models?limit=1", token), s -> s.status == 503);
      JsonNode problem = JSON.readTree(first503.body);
      assertThat(first503.contentType).startsWith("application/problem+json");
      assertThat(problem.get("status").asInt()).isEqualTo(503);
      assertThat(Long.parseLong(first503.retryAfter)).isBetween(1L, 10L);
      double secondsTo503 = secondsSince(stopAt, first503.endedAt);

      // 2. Readiness turns DOWN.
      Sample down = until(() -> call("/actuator/health/readiness", null), s -> s.status == 503);
      double secondsToDown = secondsSince(stopAt, down.endedAt);

      // 3. Cached reads keep answering while PostgreSQL is away (their 1 s TTL passes meanwhile).
      List<Sample> dashboard = new ArrayList<>();
      List<Sample> config = new ArrayList<>();
      long outageEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      while (System.nanoTime() < outageEnd) {
        dashboard.add(call("/api/v1/dashboard/stats", token));
        config.add(call("/api/v1/config/optimization-criteria", token));
        pause(50);
      }
      // A token never seen before cannot be checked: 503, not 500.
      String fresh = "it-outage-unknown-" + UUID.randomUUID();
      Sample unknown = call("/api/v1/dashboard/stats", fresh);

      long restartAt = System.nanoTime();
      pg = EmbeddedPostgres.start(PG_DIR, pgPort);
      long startedAt = System.nanoTime();

      // 4. Everything answers 200 again by itself.
      Sample back =
          until(
              () -> {
                Sample models = call("/api/v1/models?limit=1", token);
                Sample ready = call("/actuator/health/readiness", null);
                return models.status == 200 && ready.status == 200 ? ready : models;
              },
              s -> s.status == 200);
      double secondsToRecover = secondsSince(startedAt, back.endedAt);
      running.set(false);
      clients.shutdown();
      clients.awaitTermination(10, TimeUnit.SECONDS);

      List<Sample> duringOutage = new ArrayList<>();
      synchronized (load) {
        for (Sample s : load) {
          if (s.startedAt > stopAt && s.endedAt < restartAt) {
            duringOutage.add(s);
          }
        }
      }
      long[] outageMillis = millis(duringOutage);
      long[] dashMillis = millis(dashboard);
      System.out.printf(
          "DatabaseOutageIT: first 503 %.2f s after the stop began; readiness DOWN after %.2f s;"
              + " back to 200 %.2f s after PostgreSQL was up (restart took %.2f s)%n",
          secondsTo503, secondsToDown, secondsToRecover, secondsSince(restartAt, startedAt));
      System.out.printf(
          "DatabaseOutageIT: %d clients on /models during the outage: %d answers %s, ms p50 %d p99"
              + " %d max %d; dashboard %d answers %s, ms p50 %d p99 %d max %d; config %s;"
              + " unknown token %d%n",
          LOAD_CLIENTS,
          duringOutage.size(),
          statuses(duringOutage),
          pct(outageMillis, 0.5),
          pct(outageMillis, 0.99),
          outageMillis[outageMillis.length - 1],
          dashboard.size(),
          statuses(dashboard),
          pct(dashMillis, 0.5),
          pct(dashMillis, 0.99),
          dashMillis[dashMillis.length - 1],
          statuses(config),
          unknown.status);

      assertThat(secondsTo503).as("seconds from the stop to the first 503").isLessThan(3.0);
      assertThat(secondsToDown).as("seconds from the stop to readiness DOWN").isLessThan(3.0);
      assertThat(dashboard).allMatch(s -> s.status == 200);
      assertThat(config).allMatch(s -> s.status == 200);
      assertThat(pct(dashMillis, 0.99)).as("dashboard p99 ms during the outage").isLessThan(500);
      assertThat(duringOutage)
          .as("every /models request during the outage answered 200 or 503, none hung or 500")
          .allMatch(s -> s.status == 200 || s.status == 503);
      assertThat(outageMillis[outageMillis.length - 1])
          .as("slowest /models answer during the outage, ms (was 30,000)")
          .isLessThan(3000);
      assertThat(unknown.status).isEqualTo(503);
      assertThat(secondsToRecover).as("seconds from PostgreSQL up to all 200").isLessThan(10.0);
    } finally {
      running.set(false);
      clients.shutdownNow();
    }
  }

  private record Sample(
      int status,
      String body,
      String contentType,
      String retryAfter,
      long startedAt,
      long endedAt) {
    long millis() {
      return TimeUnit.NANOSECONDS.toMillis(endedAt - startedAt);
    }
  }

  /** One GET with a 35 s limit (longer than the old pool wait); status -1 when it failed. */
  private static Sample call(String path, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(35));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Sample(
          r.statusCode(),
          r.body(),
          r.headers().firstValue("Content-Type").orElse(""),
          r.headers().firstValue("Retry-After").orElse(null),
          t0,
          System.nanoTime());
    } catch (IOException e) {
      return new Sample(-1, e.toString(), "", null, t0, System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sample(-1, "interrupted", "", null, t0, System.nanoTime());
    }
  }

  /** Repeats {@code call} every 100 ms until {@code done} holds (at most 30 s). */
  private static Sample until(
      java.util.function.Supplier<Sample> call, java.util.function.Predicate<Sample> done) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Sample s;
    do {
      s = call.get();
      if (done.test(s)) {
        return s;
      }
      pause(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("not reached within 30 s; last answer " + s.status + " " + s.body);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double secondsSince(long from, long to) {
    return (to - from) / 1e9;
  }

  private static long[] millis(List<Sample> samples) {
    long[] m = samples.stream().mapToLong(Sample::millis).sorted().toArray();
    return m.length == 0 ? new long[] {0} : m;
  }

  private static long pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * q) - 1)];
  }

  private static String statuses(List<Sample> samples) {
    return samples.stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                Sample::status, java.util.TreeMap::new, java.util.stream.Collectors.counting()))
        .toString();
  }
}
