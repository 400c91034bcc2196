package dev.redline.platform.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.redis.*}: several instances as one service (see {@link ClusterConfig}).
 *
 * @param url Redis URL, e.g. redis://127.0.0.1:6379/0; empty: one instance, no Redis
 * @param prefix prefix of every key and channel (instances of one deployment share it)
 * @param timeout per-command limit; a slower Redis counts as down for that call
 */
@ConfigurationProperties("platform.redis")
public record RedisProperties(
    String url, @DefaultValue("redline:") String prefix, @DefaultValue("250ms") Duration timeout) {}
