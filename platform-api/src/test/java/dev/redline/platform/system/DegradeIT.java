package dev.redline.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.context.TestPropertySource;

/**
 * The corpus in the running service against real PostgreSQL: {@code query} entries send their
 * statements through the app's pool (counted at the JDBC boundary, on the real connections), only
 * on the named route, and the added latency is inside what {@code http.server.requests} records.
 */
@TestPropertySource(
    properties =
        "platform.degrade=query:2@GET /api/v1/models,latency:1000@GET /api/v1/dashboard/stats")
@Import(DegradeIT.CountDegradeStatements.class)
class DegradeIT extends ApiIT {

  /** Executions of {@link DegradeFilter#QUERY_SQL} on the app's connections. */
  static final AtomicInteger DEGRADE_STATEMENTS = new AtomicInteger();

  @Autowired MeterRegistry meters;

  @Test
  void queryEntriesSendExactlyTheirCountOfStatementsOnTheNamedRouteOnly() {
    int before = DEGRADE_STATEMENTS.get();
    assertThat(get("/api/v1/models", viewerToken).status()).isEqualTo(200);
    assertThat(DEGRADE_STATEMENTS.get() - before).isEqualTo(2);

    assertThat(get("/api/v1/models?limit=5", viewerToken).status()).isEqualTo(200);
    assertThat(DEGRADE_STATEMENTS.get() - before).isEqualTo(4);

    String id =
        get("/api/v1/models?limit=1", viewerToken).json().get("items").get(0).get("id").asString();
    int listed = DEGRADE_STATEMENTS.get();
    assertThat(get("/api/v1/models/" + id, viewerToken).status()).isEqualTo(200);
    assertThat(get("/api/v1/dashboard/stats", viewerToken).status()).isEqualTo(200);
    assertProblem(send("POST", "/api/v1/models", operatorToken, "{}", Map.of()), 422, null);
    assertThat(DEGRADE_STATEMENTS.get()).as("statements on other routes").isEqualTo(listed);
  }

  @Test
  void theAddedLatencyIsInsideWhatHttpServerRequestsRecords() throws InterruptedException {
    String uri = "/api/v1/dashboard/stats";
    // Another test of this class may have called the route just before: its observation can
    // still be in flight, so count from what the timer holds before this test's first request.
    long before = recordedSoFar(uri);
    get(uri, viewerToken); // the first request fills the cache and warms the route up
    // Its observation ends after the client has the response: wait for it, so it is not counted
    // among the measured ones.
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < settle && recordedSoFar(uri) < before + 1) {
      Thread.sleep(10);
    }
    Thread.sleep(200); // anything else still in flight from an earlier test lands now
    long count0 = timer(uri).count();
    double seconds0 = timer(uri).totalTime(TimeUnit.SECONDS);

    int n = 5;
    long wall = 0;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      assertThat(get(uri, viewerToken).status()).isEqualTo(200);
      wall += System.nanoTime() - t0;
    }
    // The observation stops after the response went out; give it a moment.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (timer(uri).count() < count0 + n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(timer(uri).count()).isEqualTo(count0 + n);
    double recorded = timer(uri).totalTime(TimeUnit.SECONDS) - seconds0;
    double seen = wall / 1e9;
    // latency:1000 makes the filter's share 10/11 of a request: were it outside the timer, the
    // timer would record about 1/11 of what the client waited.
    assertThat(recorded / seen)
        .as("recorded %.4f s, client waited %.4f s", recorded, seen)
        .isGreaterThan(0.5);
  }

  private long recordedSoFar(String uri) {
    Timer t = meters.find("http.server.requests").tag("uri", uri).tag("method", "GET").timer();
    return t == null ? 0 : t.count();
  }

  private Timer timer(String uri) {
    return meters.get("http.server.requests").tag("uri", uri).tag("method", "GET").timer();
  }

  /**
   * The app's pool behind a primary DataSource that counts executions of the degrade statement
   * (every {@code DataSource} user gets it; {@code HikariDataSource} users still get the pool).
   */
  @TestConfiguration
  static class CountDegradeStatements {

    @Bean
    @Primary
    DataSource countingDataSource(@Qualifier("dataSource") DataSource pool) {
      return new DelegatingDataSource(pool) {
        @Override
        public Connection getConnection() throws SQLException {
          return counting(super.getConnection());
        }
      };
    }

    private static Connection counting(Connection c) {
      return proxy(
          Connection.class,
          c,
          (target, method, args) -> {
            Object result = invoke(target, method, args);
            if (method.getName().equals("prepareStatement")
                && DegradeFilter.QUERY_SQL.equals(args[0])) {
              return proxy(
                  PreparedStatement.class,
                  result,
                  (ps, m, a) -> {
                    if (m.getName().startsWith("execute")) {
                      DEGRADE_STATEMENTS.incrementAndGet();
                    }
                    return invoke(ps, m, a);
                  });
            }
            return result;
          });
    }

    private interface Handler {
      Object handle(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Object target, Handler handler) {
      InvocationHandler h = (p, method, args) -> handler.handle(target, method, args);
      return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
