package dev.redline.platform.cluster;

import dev.redline.platform.cache.ResponseCache;
import dev.redline.platform.ratelimit.RateLimiter;
import dev.redline.platform.ratelimit.RateLimits;
import dev.redline.platform.session.InProcessSessionEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Several instances as one service, active only when {@code platform.redis.url} is set: session
 * events relayed through Redis pub/sub, response-cache evictions broadcast, rate limits counted in
 * Redis. Without the URL none of these beans exist and the in-process defaults serve alone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${platform.redis.url:}'.isBlank()")
class ClusterConfig {

  @Bean(destroyMethod = "close")
  RedisLink redisLink(
      @Value("${platform.redis.url}") String url,
      @Value("${platform.redis.prefix:redline:}") String prefix,
      @Value("${platform.redis.timeout:250ms}") Duration timeout,
      MeterRegistry registry) {
    return new RedisLink(url, prefix, timeout, registry);
  }

  @Bean
  @Primary
  RelayedSessionEventPublisher relayedSessionEventPublisher(
      InProcessSessionEventPublisher local, RedisLink link) {
    return new RelayedSessionEventPublisher(local, link);
  }

  @Bean
  @Primary
  RateLimiter clusterRateLimiter(
      RedisLink link,
      @Qualifier("rateLimiter") RateLimiter local,
      @Value("${platform.ratelimit.dashboard-per-minute:60}") int dashboard,
      @Value("${platform.ratelimit.sessions-per-minute:120}") int sessions,
      @Value("${platform.ratelimit.models-per-minute:120}") int models,
      @Value("${platform.ratelimit.config-read-per-minute:120}") int configRead,
      @Value("${platform.ratelimit.config-write-per-minute:10}") int configWrite,
      @Value("${platform.ratelimit.factor:1}") double factor) {
    return new RedisRateLimiter(
        link, RateLimits.of(dashboard, sessions, models, configRead, configWrite, factor), local);
  }

  /**
   * Wraps each {@link ResponseCache} bean (named by its region) so evictions travel, and listens
   * for other instances' evictions.
   */
  @Bean
  static BeanPostProcessor clusterCaches(ObjectProvider<RedisLink> links) {
    Map<String, ClusterResponseCache> regions = new ConcurrentHashMap<>();
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (!(bean instanceof ResponseCache cache) || bean instanceof ClusterResponseCache) {
          return bean;
        }
        RedisLink link = links.getObject();
        if (regions.isEmpty()) {
          link.listenAcknowledged(
              ClusterResponseCache.CHANNEL,
              msg -> {
                int nl = msg.indexOf('\n');
                if (nl > 0 && !msg.substring(nl + 1).equals(link.instanceId())) {
                  ClusterResponseCache r = regions.get(msg.substring(0, nl));
                  if (r != null) {
                    r.evictLocal();
                  }
                }
              });
          link.onReconnect(
              () -> List.copyOf(regions.values()).forEach(ClusterResponseCache::evictLocal));
        }
        ClusterResponseCache wrapped = new ClusterResponseCache(name, cache, link);
        regions.put(name, wrapped);
        return wrapped;
      }
    };
  }
}
