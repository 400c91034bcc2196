package dev.redline.platform.system;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Cross-origin access to {@code /api/**} for the browser origins in {@code
 * platform.cors.allowed-origins} (comma-separated, e.g. {@code https://ops.example.com}; empty, the
 * default: no origin is allowed). Preflights carry no token, so {@code AuthFilter} lets them
 * through to Spring's CORS handling, which answers them and refuses an origin not listed with 403.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig implements WebMvcConfigurer {

  private final List<String> origins;

  CorsConfig(CorsProperties cors) {
    List<String> origins = cors.allowedOrigins() == null ? List.of() : cors.allowedOrigins();
    this.origins = origins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    if (origins.isEmpty()) {
      return;
    }
    registry
        .addMapping("/api/**")
        .allowedOrigins(origins.toArray(String[]::new))
        .allowedMethods("GET", "HEAD", "POST", "PUT")
        .allowedHeaders("Authorization", "Content-Type", "If-Match", "If-None-Match")
        .exposedHeaders(
            "ETag",
            "Location",
            "Retry-After",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset")
        .maxAge(600);
  }
}
