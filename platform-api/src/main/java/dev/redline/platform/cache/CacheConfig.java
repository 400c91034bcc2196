package dev.redline.platform.cache;

import dev.redline.platform.db.DatabaseCircuit;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
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
  public ResponseCache dashboardCache(
      @Value("${platform.cache.dashboard-ttl:30s}") Duration ttl,
      @Value("${platform.cache.stale-if-error:10m}") Duration stale,
      MeterRegistry registry) {
    return new CaffeineResponseCache(ttl, 16, stale, DatabaseCircuit::isOutage)
        .bindMetrics(registry, "dashboard");
  }

  @Bean
  public ResponseCache sessionsCache(
      @Value("${platform.cache.sessions-ttl:10s}") Duration ttl, MeterRegistry registry) {
    return new CaffeineResponseCache(ttl, 10_000).bindMetrics(registry, "sessions");
  }

  @Bean
  public ResponseCache configCache(
      @Value("${platform.cache.config-ttl:5m}") Duration ttl,
      @Value("${platform.cache.stale-if-error:10m}") Duration stale,
      MeterRegistry registry) {
    return new CaffeineResponseCache(ttl, 4, stale, DatabaseCircuit::isOutage)
        .bindMetrics(registry, "config");
  }
}
