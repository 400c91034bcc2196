package dev.redline.platform.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RateLimitConfig {

  private static final Logger log = LoggerFactory.getLogger(RateLimitConfig.class);

  @Bean
  RateLimiter rateLimiter(
      @Value("${platform.ratelimit.dashboard-per-minute:60}") int dashboard,
      @Value("${platform.ratelimit.sessions-per-minute:120}") int sessions,
      @Value("${platform.ratelimit.models-per-minute:120}") int models,
      @Value("${platform.ratelimit.config-read-per-minute:120}") int configRead,
      @Value("${platform.ratelimit.config-write-per-minute:10}") int configWrite,
      @Value("${platform.ratelimit.factor:1}") double factor) {
    RateLimits limits = RateLimits.of(dashboard, sessions, models, configRead, configWrite, factor);
    log.info("Rate limits per user per minute: {}", limits.perWindow());
    return new FixedWindowRateLimiter(limits);
  }
}
