package dev.redline.platform.cluster;

import dev.redline.platform.cache.ResponseCache;
import dev.redline.platform.ratelimit.RateLimitProperties;
import dev.redline.platform.ratelimit.RateLimiter;
import dev.redline.platform.session.InProcessSessionEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
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
  RedisLink redisLink(RedisProperties redis, MeterRegistry registry) {
    return new RedisLink(redis.url(), redis.prefix(), redis.timeout(), registry);
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
      RedisLink link, @Qualifier("rateLimiter") RateLimiter local, RateLimitProperties limits) {
    return new RedisRateLimiter(link, limits.limits(), local);
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
