package dev.redline.platform.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.cache.*}: the response regions' time to live (0s disables a region).
 *
 * @param dashboardTtl {@code GET /dashboard/stats}
 * @param sessionsTtl session lists
 * @param configTtl the optimization criteria
 * @param staleIfError while PostgreSQL is unreachable, dashboard and config entries (and known
 *     tokens) are served for up to this long past their TTL (0s: never)
 */
@ConfigurationProperties("platform.cache")
public record CacheProperties(
    @DefaultValue("30s") Duration dashboardTtl,
    @DefaultValue("10s") Duration sessionsTtl,
    @DefaultValue("5m") Duration configTtl,
    @DefaultValue("10m") Duration staleIfError) {}
