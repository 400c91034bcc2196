package dev.redline.platform.seed;

import dev.redline.platform.config.CriteriaService;
import dev.redline.platform.dashboard.DashboardService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Fills the dashboard and config caches after the start-up data is in and before readiness turns UP
 * (Boot publishes ACCEPTING_TRAFFIC after every runner), so the first requests a load balancer
 * sends are cache hits, not a queue behind one computation. A failure is logged and start-up goes
 * on: the first request then loads the entry, as without warming.
 */
@Component
@Order(StartupData.ORDER + 1)
class CacheWarmup implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(CacheWarmup.class);

  private final DashboardService dashboard;
  private final CriteriaService criteria;

  CacheWarmup(DashboardService dashboard, CriteriaService criteria) {
    this.dashboard = dashboard;
    this.criteria = criteria;
  }

  @Override
  public void run(ApplicationArguments args) {
    long t0 = System.nanoTime();
    try {
      dashboard.statsJson();
      criteria.document();
      log.info("Caches warmed (dashboard, config) in {} ms", (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      log.warn("Cache warm-up failed, the first requests will load the entries: {}", e.toString());
    }
  }
}
