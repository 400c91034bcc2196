package dev.redline.platform.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.cors.*}.
 *
 * @param allowedOrigins browser origins allowed to call {@code /api/**} (comma-separated, e.g.
 *     {@code https://ops.example.com}; empty: none)
 */
@ConfigurationProperties("platform.cors")
public record CorsProperties(List<String> allowedOrigins) {}
