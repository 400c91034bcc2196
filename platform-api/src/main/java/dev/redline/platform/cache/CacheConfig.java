package dev.redline.platform.cache;

import dev.redline.platform.db.DatabaseCircuit;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The three response regions with API.md's TTLs; a TTL of 0 disables a region. The dashboard and
 * config regions keep answering with their last entry for up to {@code
 * platform.cache.stale-if-error} past its TTL while PostgreSQL is unreachable; session lists (many
 * distinct queries, 10,000 entries) are not kept past their TTL, to keep memory bounded.
 */
@Configuration(proxyBeanMethods = false)
public class CacheConfig {

  @Bean
  public ResponseCache dashboardCache(CacheProperties cache, MeterRegistry registry) {
    return new CaffeineResponseCache(
            cache.dashboardTtl(), 16, cache.staleIfError(), DatabaseCircuit::isOutage)
        .bindMetrics(registry, "dashboard");
  }

  @Bean
  public ResponseCache sessionsCache(CacheProperties cache, MeterRegistry registry) {
    return new CaffeineResponseCache(cache.sessionsTtl(), 10_000).bindMetrics(registry, "sessions");
  }

  @Bean
  public ResponseCache configCache(CacheProperties cache, MeterRegistry registry) {
    return new CaffeineResponseCache(
            cache.configTtl(), 4, cache.staleIfError(), DatabaseCircuit::isOutage)
        .bindMetrics(registry, "config");
  }
}
