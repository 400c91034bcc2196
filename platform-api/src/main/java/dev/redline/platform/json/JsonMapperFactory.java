package dev.redline.platform.json;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the service (snake_case, ISO-8601 instants), shared by Spring MVC
 * and by code (caches, benchmarks) that serializes outside a request.
 */
public final class JsonMapperFactory {

  private JsonMapperFactory() {}

  /** A new mapper configured exactly as the running service's; thread-safe once built. */
  public static JsonMapper create() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
  }
}
