package dev.redline.platform.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code platform.http.*}: request bodies.
 *
 * @param maxBodySize bodies over this size get 413 (units KB, MB)
 * @param bodyTimeout API bodies are read without holding a request thread; the whole body must
 *     arrive within this, else 408 and the connection is closed
 * @param bodyMemory memory all bodies being read may hold together; beyond it 503 + Retry-After
 */
@ConfigurationProperties("platform.http")
public record HttpProperties(
    @DefaultValue("512KB") DataSize maxBodySize,
    @DefaultValue("10s") Duration bodyTimeout,
    @DefaultValue("64MB") DataSize bodyMemory) {}
