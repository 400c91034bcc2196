package dev.redline.platform.seed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.load.*}: the {@code load} profile's users.
 *
 * @param enabled whether the users are provisioned at start-up ({@code application-load.properties}
 *     turns this on)
 * @param users users provisioned by the load profile (tokens load-token-1..N, role admin)
 */
@ConfigurationProperties("platform.load")
public record LoadProperties(
    @DefaultValue("false") boolean enabled, @DefaultValue("500") int users) {}
