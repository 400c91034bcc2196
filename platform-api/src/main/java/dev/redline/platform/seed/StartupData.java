package dev.redline.platform.seed;

import dev.redline.platform.auth.AuthProperties;
import dev.redline.platform.auth.Role;
import dev.redline.platform.auth.TokenService;
import dev.redline.platform.session.EngineProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Start-up data, before readiness turns UP (Boot publishes ACCEPTING_TRAFFIC after the runners):
 * development tokens ({@code platform.auth.dev.enabled}, off in the {@code prod} profile), load-run
 * tokens ({@code platform.load.enabled}, on in the {@code load} profile), and the seed when the
 * database is empty or {@code platform.seed.force} is set.
 */
@Component
@Order(StartupData.ORDER)
class StartupData implements ApplicationRunner {

  /** Runs first: the cache warm-up ({@link CacheWarmup}) reads what this writes. */
  static final int ORDER = 0;

  private static final Logger log = LoggerFactory.getLogger(StartupData.class);

  private final TokenService tokens;
  private final boolean devTokens;
  private final boolean loadTokens;
  private final Seeder seeder;
  private final long sessions;
  private final long seed;
  private final boolean force;
  private final int maxRunning;
  private final int loadUsers;
  private final String viewerToken;
  private final String operatorToken;
  private final String adminToken;

  StartupData(
      TokenService tokens,
      JdbcClient jdbc,
      TransactionTemplate tx,
      SeedProperties seeding,
      EngineProperties engine,
      LoadProperties load,
      AuthProperties auth) {
    this.tokens = tokens;
    this.devTokens = auth.dev().enabled();
    this.loadTokens = load.enabled();
    this.seeder = new Seeder(jdbc, tx);
    this.sessions = seeding.sessions();
    this.seed = seeding.seed();
    this.force = seeding.force();
    this.maxRunning = engine.maxRunning();
    this.loadUsers = load.users();
    this.viewerToken = auth.dev().viewerToken();
    this.operatorToken = auth.dev().operatorToken();
    this.adminToken = auth.dev().adminToken();
  }

  @Override
  public void run(ApplicationArguments args) {
    if (devTokens) {
      tokens.provision("dev-viewer", Role.VIEWER, viewerToken);
      tokens.provision("dev-operator", Role.OPERATOR, operatorToken);
      tokens.provision("dev-admin", Role.ADMIN, adminToken);
      log.info("Development tokens active: dev-viewer-token, dev-operator-token, dev-admin-token");
    }
    if (loadTokens) {
      tokens.provisionRange("load-user-", "load-token-", loadUsers, Role.ADMIN);
      log.info(
          "Load profile: {} admin users with tokens load-token-1 .. load-token-{}",
          loadUsers,
          loadUsers);
    }
    if (sessions < 0) {
      throw new IllegalArgumentException("platform.seed.sessions must be >= 0, got " + sessions);
    }
    if (force || (sessions > 0 && seeder.isEmpty())) {
      log.info("Seeding {} sessions with seed {}{}", sessions, seed, force ? " (forced)" : "");
      seeder.seed(sessions, seed, maxRunning);
    } else {
      log.info(
          "Database already holds data: seed skipped (set PLATFORM_SEED_FORCE=true to reseed)");
    }
  }
}
