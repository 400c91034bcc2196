package dev.redline.platform.cache;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The three response regions with API.md's TTLs; a TTL of 0 disables a region. */
@Configuration(proxyBeanMethods = false)
public class CacheConfig {

  @Bean
  public ResponseCache dashboardCache(
      @Value("${platform.cache.dashboard-ttl:30s}") Duration ttl, MeterRegistry registry) {
    return new CaffeineResponseCache(ttl, 16).bindMetrics(registry, "dashboard");
  }

  @Bean
  public ResponseCache sessionsCache(
      @Value("${platform.cache.sessions-ttl:10s}") Duration ttl, MeterRegistry registry) {
    return new CaffeineResponseCache(ttl, 10_000).bindMetrics(registry, "sessions");
  }

  @Bean
  public ResponseCache configCache(
      @Value("${platform.cache.config-ttl:5m}") Duration ttl, MeterRegistry registry) {
    return new CaffeineResponseCache(ttl, 4).bindMetrics(registry, "config");
  }
}
