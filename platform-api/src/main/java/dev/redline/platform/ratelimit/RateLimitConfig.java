package dev.redline.platform.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RateLimitConfig {

  private static final Logger log = LoggerFactory.getLogger(RateLimitConfig.class);

  @Bean
  RateLimiter rateLimiter(RateLimitProperties settings) {
    RateLimits limits = settings.limits();
    log.info("Rate limits per user per minute: {}", limits.perWindow());
    return new FixedWindowRateLimiter(limits);
  }
}
