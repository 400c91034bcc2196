package dev.redline.platform;

import dev.redline.platform.auth.Role;
import dev.redline.platform.auth.TokenService;
import dev.redline.platform.db.EmbeddedPostgres;
import dev.redline.platform.json.JsonMapperFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the integration tests: the whole service on a random port against a real PostgreSQL —
 * {@code PLATFORM_DB_URL} when set (CI), else a Testcontainers PostgreSQL where Docker runs (a
 * {@code @ServiceConnection}, {@link DockerPostgres}), else one embedded server per JVM in {@code
 * $TMPDIR/redline-it-pg}. Each JVM run gets a fresh schema ({@code it_<time>_<rand>}), so a
 * database holding earlier runs' data is fine; the schema is dropped when the context closes.
 *
 * <p>Seeded data: 3,000 sessions with seed 7; the engine's schedule is pushed out to 1 h so data
 * only changes when a test says so. Tests compare API answers with SQL on the same schema.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ApiIT.SchemaCleanup.class, ApiIT.DockerPostgres.class})
public abstract class ApiIT {

  protected static final String SCHEMA =
      "it_" + System.currentTimeMillis() + "_" + ThreadLocalRandom.current().nextInt(1000, 9999);
  protected static final int SEEDED_SESSIONS = 3000;
  protected static final String ALLOWED_ORIGIN = "https://ops.example.test";
  private static String dbUrl;

  protected static final JsonMapper JSON = JsonMapperFactory.create();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort protected int port;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected TokenService tokens;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("platform.db.url", ApiIT::dbUrl);
    registry.add("platform.db.schema", () -> SCHEMA);
    registry.add("platform.seed.sessions", () -> SEEDED_SESSIONS);
    registry.add("platform.seed.seed", () -> 7);
    registry.add("platform.engine.tick", () -> "1h");
    registry.add("platform.cors.allowed-origins", () -> ALLOWED_ORIGIN);
  }

  static synchronized String dbUrl() {
    if (dbUrl == null) {
      String env = System.getenv("PLATFORM_DB_URL");
      if (env != null && !env.isBlank()) {
        dbUrl = env;
      } else if (DockerPostgres.useDocker()) {
        dbUrl = ""; // the container's connection details
      } else {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "redline-it-pg");
        dbUrl = EmbeddedPostgres.start(dir, 0).jdbcUrl("postgres");
      }
    }
    return dbUrl;
  }

  /**
   * The Testcontainers tier, for contributors with Docker and without a PostgreSQL: a container
   * whose connection details ({@code @ServiceConnection}) the platform's DataSource takes before
   * {@code spring.datasource.url}. Only where Docker runs and {@code PLATFORM_DB_URL} is unset.
   */
  @TestConfiguration(proxyBeanMethods = false)
  @Conditional(DockerPostgres.When.class)
  static class DockerPostgres {
    private static Boolean docker;

    @Bean
    @ServiceConnection
    PostgreSQLContainer postgres() {
      return new PostgreSQLContainer(DockerImageName.parse("postgres:17.11"));
    }

    static synchronized boolean useDocker() {
      if (docker == null) {
        String env = System.getenv("PLATFORM_DB_URL");
        docker =
            (env == null || env.isBlank())
                && dockerConfigured()
                && DockerClientFactory.instance().isDockerAvailable();
      }
      return docker;
    }

    /**
     * A Docker socket or configuration exists: Testcontainers' own probe takes seconds (over a
     * minute on a loaded machine) to say there is no Docker, so it runs only then.
     */
    private static boolean dockerConfigured() {
      Path home = Path.of(System.getProperty("user.home"));
      return System.getenv("DOCKER_HOST") != null
          || Files.exists(Path.of("/var/run/docker.sock"))
          || Files.exists(home.resolve(".docker/run/docker.sock"))
          || Files.exists(home.resolve(".testcontainers.properties"));
    }

    static final class When implements Condition {
      @Override
      public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return useDocker();
      }
    }
  }

  /** Drops this run's schema when the (cached) context closes at the end of the JVM. */
  @TestConfiguration
  static class SchemaCleanup {
    @Autowired JdbcClient jdbc;

    @EventListener(ContextClosedEvent.class)
    void dropSchema() {
      try {
        jdbc.sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
      } catch (RuntimeException e) {
        // Another cached context already dropped it.
      }
    }
  }

  protected String adminToken;
  protected String operatorToken;
  protected String viewerToken;

  /** Fresh users per test, so rate limits never leak between tests. */
  @BeforeEach
  void freshUsers() {
    adminToken = newToken(Role.ADMIN);
    operatorToken = newToken(Role.OPERATOR);
    viewerToken = newToken(Role.VIEWER);
  }

  protected String newToken(Role role) {
    String token = "it-" + role.wire() + "-" + UUID.randomUUID();
    tokens.provision("user-" + token, role, token);
    return token;
  }

  /** A response with its body parsed when it is JSON. */
  public record Res(int status, Map<String, java.util.List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public JsonNode json() {
      return JSON.readTree(body);
    }
  }

  protected Res get(String path, String token) {
    return send("GET", path, token, null, Map.of());
  }

  protected Res send(
      String method, String path, String token, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null && !headers.containsKey("Content-Type")) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Asserts an RFC 9457 problem with this status, naming {@code field} when not null. */
  protected static JsonNode assertProblem(Res res, int status, String field) {
    org.assertj.core.api.Assertions.assertThat(res.status()).as(res.body()).isEqualTo(status);
    org.assertj.core.api.Assertions.assertThat(res.header("Content-Type"))
        .startsWith("application/problem+json");
    JsonNode p = res.json();
    org.assertj.core.api.Assertions.assertThat(p.get("status").asInt()).isEqualTo(status);
    org.assertj.core.api.Assertions.assertThat(p.get("type").asString()).startsWith("https://");
    org.assertj.core.api.Assertions.assertThat(p.get("title").asString()).isNotBlank();
    org.assertj.core.api.Assertions.assertThat(p.get("detail").asString()).isNotBlank();
    if (field != null) {
      org.assertj.core.api.Assertions.assertThat(p.get("errors").findValuesAsString("field"))
          .contains(field);
    }
    return p;
  }

  protected long sql(String query, Object... params) {
    var spec = jdbc.sql(query);
    for (Object p : params) {
      spec = spec.param(p);
    }
    return spec.query(Long.class).single();
  }
}
