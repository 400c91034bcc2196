package dev.redline.simulations.journeys;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;

import dev.redline.simulations.endpoints.ConfigEndpoints;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An admin reading and tuning the optimization criteria. */
public final class ConfigJourney {

  /** The fields of a full criteria document; the server owns version and updated_at. */
  private static final List<String> DOCUMENT_FIELDS =
      List.of(
          "max_accuracy_loss_percent",
          "min_size_reduction_percent",
          "max_latency_ms",
          "allowed_techniques",
          "target_devices");

  private ConfigJourney() {}

  /** {@code times} criteria reads back to back. */
  public static ChainBuilder reads(int times) {
    return repeat(times).on(exec(ConfigEndpoints.get()));
  }

  /**
   * {@code times} sequential updates: read (for the current ETag), change {@code max_latency_ms} by
   * one, write it back with {@code If-Match}.
   */
  public static ChainBuilder updates(int times) {
    return repeat(times, "update")
        .on(
            exec(ConfigEndpoints.get())
                .exec(ConfigJourney::nextDocument)
                .exec(ConfigEndpoints.put()));
  }

  /** Builds {@code nextCriteria}: the current document with max_latency_ms nudged by ±1. */
  static Session nextDocument(Session session) {
    Map<String, Object> current = session.getMap(ConfigEndpoints.DOCUMENT);
    Map<String, Object> next = new LinkedHashMap<>();
    for (String field : DOCUMENT_FIELDS) {
      if (current.containsKey(field)) {
        next.put(field, current.get(field));
      }
    }
    Object latency = current.get("max_latency_ms");
    if (latency instanceof Number n) {
      int iteration = session.getInt("update");
      int delta = iteration % 2 == 0 ? 1 : -1;
      boolean whole = n instanceof Integer || n instanceof Long;
      next.put(
          "max_latency_ms", whole ? (Object) (n.longValue() + delta) : n.doubleValue() + delta);
    }
    return session.set("nextCriteria", Json.write(next));
  }
}
