package dev.redline.platform.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.engine.*}: the session engine that moves queued sessions on. {@code enabled} and
 * {@code tick} are also read by {@link SessionEngine}'s condition and schedule.
 *
 * @param enabled whether the engine runs on this instance
 * @param tick time between two engine steps
 * @param maxRunning most sessions running at once
 * @param failurePercent share of finishing sessions that fail
 */
@ConfigurationProperties("platform.engine")
public record EngineProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1s") Duration tick,
    @DefaultValue("200") int maxRunning,
    @DefaultValue("10") double failurePercent) {}
