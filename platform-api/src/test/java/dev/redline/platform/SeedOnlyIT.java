package dev.redline.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seed-only start ({@code java -jar platform-api.jar --seed.only}, as {@code perf/million.sh}
 * seeds its database): no web server, the data seeded, exit code 0.
 */
class SeedOnlyIT {

  @Test
  void seedsWithoutAWebServerAndExitsZero() {
    String url = ApiIT.dbUrl();
    assumeFalse(url.isEmpty(), "a Testcontainers database has no URL to hand to a second start");
    String schema = "it_seed_" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    ConfigurableApplicationContext ctx =
        PlatformApplication.application(true)
            .run(
                "--seed.only",
                "--platform.db.url=" + url,
                "--platform.db.schema=" + schema,
                "--seed.sessions=120",
                "--seed.force=true");
    JdbcClient jdbc = ctx.getBean(JdbcClient.class);
    try {
      assertEquals(
          120L,
          jdbc.sql("SELECT count(*) FROM " + schema + ".sessions").query(Long.class).single());
    } finally {
      jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
      assertEquals(0, SpringApplication.exit(ctx));
    }
  }
}
