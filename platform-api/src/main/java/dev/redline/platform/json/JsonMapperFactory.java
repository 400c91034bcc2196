package dev.redline.platform.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The one JSON configuration of the service (snake_case, ISO-8601 instants), shared by Spring MVC
 * and by code (caches, benchmarks) that serializes outside a request.
 *
 * <p>Reading is strict about types, as the README promises: a number must be a JSON number (not
 * {@code "5"}), an integer field takes no fraction ({@code 1.5} is refused, not truncated to 1),
 * and a text field takes only a JSON string (not {@code 12} or {@code true}). An integer for a
 * decimal field ({@code "size_mb": 1}) is fine: it is the same number.
 */
public final class JsonMapperFactory {

  private JsonMapperFactory() {}

  /** A new mapper configured exactly as the running service's; thread-safe once built. */
  public static JsonMapper create() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
        // "5" -> 5, "" -> null, true -> 1 for numbers and booleans.
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // 1.5 -> 1 for integer fields.
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        // 12 -> "12", true -> "true" for text fields (not covered by the scalar feature).
        .withCoercionConfig(
            LogicalType.Textual,
            c ->
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .build();
  }
}
