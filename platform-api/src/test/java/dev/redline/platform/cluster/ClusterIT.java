package dev.redline.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.PlatformApplication;
import dev.redline.platform.auth.Role;
import dev.redline.platform.auth.TokenService;
import dev.redline.platform.db.EmbeddedPostgres;
import dev.redline.platform.json.JsonMapperFactory;
import dev.redline.platform.realtime.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two platform-api instances (two Spring contexts, two Tomcats) on one PostgreSQL schema and one
 * real Redis behave as one service: cache evictions, session events and rate-limit counts travel
 * between them, and one engine runs. Instance A reaches Redis through a {@link TcpProxy}, so the
 * outage test can take Redis away from A alone. Redis comes from {@code REDIS_URL} (CI sets it),
 * else Testcontainers where Docker runs; keys and channels carry a per-run prefix {@code
 * redline-rt-it-<random>:}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final String PATH = "/api/v1/config/optimization-criteria";
  private static final String CRITERIA =
      "{\"max_accuracy_loss_percent\":1.5,\"min_size_reduction_percent\":25,"
          + "\"max_latency_ms\":%d,\"allowed_techniques\":[\"quantization\",\"pruning\",\"distillation\"],"
          + "\"target_devices\":[\"jetson-orin\",\"jetson-nano\",\"raspberry-pi-5\",\"coral-tpu\",\"x86-cpu\"]}";
  private static final JsonMapper JSON = JsonMapperFactory.create();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final String SCHEMA =
      "it_cluster_"
          + System.currentTimeMillis()
          + "_"
          + ThreadLocalRandom.current().nextInt(1000, 9999);
  private static final String PREFIX = "redline-rt-it-" + UUID.randomUUID() + ":";

  private static TcpProxy proxy;
  private static GenericContainer<?> redisContainer;
  private static ConfigurableApplicationContext a;
  private static ConfigurableApplicationContext b;
  private static int portA;
  private static int portB;

  @BeforeAll
  static void startTwoInstances() throws Exception {
    String redis = redisUrl();
    URI r = URI.create(redis);
    proxy = new TcpProxy(r.getHost(), r.getPort() < 0 ? 6379 : r.getPort());
    String db = dbUrl();
    a = start(db, "redis://127.0.0.1:" + proxy.port(), 3000);
    b = start(db, redis, 0);
    portA = port(a);
    portB = port(b);
  }

  /**
   * {@code REDIS_URL} (CI, and this machine's Redis), else a Testcontainers Redis where Docker
   * runs, else the whole class is skipped with one line saying why.
   */
  private static String redisUrl() {
    String env = System.getenv("REDIS_URL");
    if (env != null && !env.isBlank()) {
      return env;
    }
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      docker = false;
    }
    Assumptions.assumeTrue(
        docker,
        "REDIS_URL is not set and there is no Docker here for Testcontainers: skipping the"
            + " two-instance test");
    redisContainer =
        new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
    redisContainer.start();
    return "redis://" + redisContainer.getHost() + ":" + redisContainer.getMappedPort(6379);
  }

  private static ConfigurableApplicationContext start(String db, String redis, int seed) {
    // Command-line arguments: they outrank application.properties (builder defaults do not).
    return new SpringApplicationBuilder(PlatformApplication.class)
        .run(
            "--server.port=0",
            "--platform.db.url=" + db,
            "--platform.db.schema=" + SCHEMA,
            "--platform.seed.sessions=" + seed,
            "--platform.seed.seed=7",
            "--platform.engine.tick=300ms",
            "--platform.redis.url=" + redis,
            "--platform.redis.prefix=" + PREFIX,
            "--spring.main.banner-mode=off");
  }

  @AfterAll
  static void stop() throws Exception {
    if (b != null) {
      b.getBean(JdbcClient.class).sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
    }
    for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {a, b}) {
      if (c != null && c.isActive()) {
        c.close();
      }
    }
    if (proxy != null) {
      proxy.close();
    }
    if (redisContainer != null) {
      redisContainer.stop();
    }
  }

  @Test
  @Order(1)
  void aConfigPutOnAIsWhatTheNextGetOnBReturns() {
    String admin = token(Role.ADMIN);
    for (int i = 0; i < 5; i++) {
      Res before = call(portB, "GET", PATH, admin, null, Map.of()); // B caches it (5 min TTL)
      long version = before.json().get("version").asLong();
      Res put = putCriteria(portA, admin, before.etag(), 30 + i);
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      Res after = call(portB, "GET", PATH, admin, null, Map.of());
      assertThat(after.json().get("version").asLong()).isEqualTo(version + 1);
      assertThat(after.json().get("max_latency_ms").asInt()).isEqualTo(30 + i);
    }
  }

  @Test
  @Order(2)
  void anEventProducedOnAReachesWebSocketClientsOnB() throws Exception {
    String queued = queuedSession();
    try (WsClient onB = WsClient.connect(portB, token(Role.VIEWER))) {
      onB.subscribe("session:" + queued);
      Res cancel =
          call(
              portA,
              "POST",
              "/api/v1/optimization/sessions/" + queued + "/cancel",
              token(Role.OPERATOR),
              null,
              Map.of());
      assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
      // The leading engine may promote or advance it first: those events travel too.
      JsonNode e = untilType(onB, "session.cancelled");
      assertThat(e.get("session_id").asString()).isEqualTo(queued);
    }
  }

  @Test
  @Order(3)
  void rateLimitsAreCountedPerUserAcrossInstances() {
    String admin = token(Role.ADMIN);
    // config PUT: 10 per minute per user; 428 (no If-Match) still counts.
    for (int i = 1; i <= 10; i++) {
      Res r = call(i % 2 == 0 ? portA : portB, "PUT", PATH, admin, "{}", Map.of());
      assertThat(r.status()).isEqualTo(428);
      assertThat(r.header("RateLimit-Remaining")).isEqualTo(Integer.toString(10 - i));
    }
    for (int port : new int[] {portA, portB}) {
      Res limited = call(port, "PUT", PATH, admin, "{}", Map.of());
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isNotNull();
    }
  }

  @Test
  @Order(4)
  void keepsServingFromPostgresWhileRedisIsAwayAndPicksItUpAgain() throws Exception {
    RedisLink linkA = a.getBean(RedisLink.class);
    String admin = token(Role.ADMIN);
    call(portA, "GET", PATH, admin, null, Map.of()); // A has the document cached
    // Clients on both sides, in a room no event goes to: only the resync notice reaches them.
    String quiet = "session:" + UUID.randomUUID();
    WsClient wsOnA = WsClient.connect(portA, token(Role.VIEWER));
    WsClient wsOnB = WsClient.connect(portB, token(Role.VIEWER));
    wsOnA.subscribe(quiet);
    wsOnB.subscribe(quiet);
    proxy.cut();
    await("A notices Redis is gone", () -> !linkA.isUp(), Duration.ofSeconds(5));

    // B changes the config; A cannot hear the eviction, so it reads PostgreSQL instead of its
    // cache.
    Res current = call(portB, "GET", PATH, admin, null, Map.of());
    assertThat(putCriteria(portB, admin, current.etag(), 41).status()).isEqualTo(200);
    Res onA = call(portA, "GET", PATH, admin, null, Map.of());
    assertThat(onA.status()).isEqualTo(200);
    assertThat(onA.json().get("max_latency_ms").asInt()).isEqualTo(41);
    // Rate limits fall back to A's own counters: still answered, still limited.
    Res dash = call(portA, "GET", "/api/v1/dashboard/stats", admin, null, Map.of());
    assertThat(dash.status()).isEqualTo(200);
    assertThat(dash.header("RateLimit-Limit")).isEqualTo("60");

    proxy.restore();
    await("A reconnects to Redis", linkA::isUp, Duration.ofSeconds(10));
    // Events relayed meanwhile are lost (pub/sub keeps nothing): the clients of both instances
    // are told to re-read, A's by A, B's by the notice A publishes once it is back.
    try (wsOnA;
        wsOnB) {
      assertThat(untilType(wsOnA, "resync").get("detail").asString()).contains("REST");
      assertThat(untilType(wsOnB, "resync").get("detail").asString()).contains("REST");
    }
    // Evictions and events travel to A again (its pub/sub subscription was restored).
    Res again = call(portA, "GET", PATH, admin, null, Map.of());
    assertThat(putCriteria(portB, admin, again.etag(), 42).status()).isEqualTo(200);
    assertThat(call(portA, "GET", PATH, admin, null, Map.of()).json().get("max_latency_ms").asInt())
        .isEqualTo(42);
    String queued = queuedSession();
    try (WsClient wsA = WsClient.connect(portA, token(Role.VIEWER))) {
      wsA.subscribe("session:" + queued);
      call(
          portB,
          "POST",
          "/api/v1/optimization/sessions/" + queued + "/cancel",
          token(Role.OPERATOR),
          null,
          Map.of());
      assertThat(untilType(wsA, "session.cancelled").get("session_id").asString())
          .isEqualTo(queued);
    }
  }

  @Test
  @Order(5)
  void onlyOneInstancesEngineAdvancesSessionsAndTheOtherTakesOverWhenItStops() throws Exception {
    EngineLeadership la = a.getBean(EngineLeadership.class);
    EngineLeadership lb = b.getBean(EngineLeadership.class);
    await("one engine leads", () -> la.isLeader() || lb.isLeader(), Duration.ofSeconds(5));
    for (int i = 0; i < 5; i++) {
      createSession(); // work for the engine
    }
    RelayedSessionEventPublisher pa = a.getBean(RelayedSessionEventPublisher.class);
    RelayedSessionEventPublisher pb = b.getBean(RelayedSessionEventPublisher.class);
    long a0 = pa.originated();
    long b0 = pb.originated();
    Thread.sleep(2000); // about 6 ticks of 300 ms on each instance
    long byA = pa.originated() - a0;
    long byB = pb.originated() - b0;
    assertThat(la.isLeader()).isNotEqualTo(lb.isLeader());
    ConfigurableApplicationContext leader = la.isLeader() ? a : b;
    RelayedSessionEventPublisher follower = la.isLeader() ? pb : pa;
    EngineLeadership followerLead = la.isLeader() ? lb : la;
    assertThat(la.isLeader() ? byA : byB).as("events from the leading engine").isPositive();
    assertThat(la.isLeader() ? byB : byA).as("events from the other engine").isZero();

    createSessionOn(la.isLeader() ? portB : portA);
    leader.close();
    await("the other instance takes the engine", followerLead::isLeader, Duration.ofSeconds(10));
    long f0 = follower.originated();
    await(
        "the new leader advances sessions",
        () -> follower.originated() > f0,
        Duration.ofSeconds(10));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static String token(Role role) {
    String t = "it-" + role.wire() + "-" + UUID.randomUUID();
    b.getBean(TokenService.class).provision("user-" + t, role, t);
    return t;
  }

  /** A fresh session (the engine soon promotes the seeded queue, so tests make their own). */
  private static String queuedSession() {
    return createSessionOn(portB);
  }

  private static void createSession() {
    createSessionOn(portB);
  }

  private static String createSessionOn(int port) {
    String model =
        b.getBean(JdbcClient.class)
            .sql("SELECT id::text FROM models LIMIT 1")
            .query(String.class)
            .single();
    Res r =
        call(
            port,
            "POST",
            "/api/v1/optimization/sessions",
            token(Role.OPERATOR),
            "{\"model_id\":\""
                + model
                + "\",\"techniques\":[\"quantization\"],\"target_device\":\"jetson-orin\"}",
            Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asString();
  }

  private static JsonNode untilType(WsClient c, String type) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      JsonNode e = c.next();
      if (type.equals(e.get("type").asString())) {
        return e;
      }
    }
    throw new AssertionError("no " + type + " in 50 frames");
  }

  private static void await(String what, BooleanSupplier done, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within %s: %s", limit, what).isLessThan(end);
      Thread.sleep(50);
    }
  }

  private static int port(ConfigurableApplicationContext c) {
    return Integer.parseInt(c.getEnvironment().getProperty("local.server.port"));
  }

  private static String dbUrl() {
    String env = System.getenv("PLATFORM_DB_URL");
    if (env != null && !env.isBlank()) {
      return env;
    }
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "redline-it-pg");
    return EmbeddedPostgres.start(dir, 0).jdbcUrl("postgres");
  }

  record Res(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    String etag() {
      return header("ETag");
    }

    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /** PUTs the criteria document with {@code max_latency_ms} set, for the version {@code etag}. */
  private static Res putCriteria(int port, String token, String etag, int maxLatencyMs) {
    return call(
        port, "PUT", PATH, token, CRITERIA.formatted(maxLatencyMs), Map.of("If-Match", etag));
  }

  private static Res call(
      int port,
      String method,
      String path,
      String token,
      String body,
      Map<String, String> headers) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", "Bearer " + token);
    if (body != null) {
      rb.header("Content-Type", "application/json");
    }
    headers.forEach(rb::header);
    try {
      HttpResponse<String> r = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.headers().map(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
