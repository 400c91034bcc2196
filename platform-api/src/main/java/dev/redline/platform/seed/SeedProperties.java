package dev.redline.platform.seed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.seed.*}: generated data for an empty database.
 *
 * @param sessions sessions to generate when the database is empty (0: none); also --seed.sessions=N
 * @param seed random seed of the generated data
 * @param force reseed even when data exists (drops all models and sessions)
 */
@ConfigurationProperties("platform.seed")
public record SeedProperties(
    @DefaultValue("20000") long sessions,
    @DefaultValue("42") long seed,
    @DefaultValue("false") boolean force) {}
