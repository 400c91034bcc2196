package dev.redline.simulations.journeys;

import static io.gatling.javaapi.core.CoreDsl.exec;

import dev.redline.simulations.endpoints.SessionEndpoints;
import dev.redline.simulations.support.Dice;
import io.gatling.javaapi.core.ChainBuilder;
import java.util.List;

/** An operator starting optimization sessions. */
public final class SessionWritingJourney {

  private SessionWritingJourney() {}

  /**
   * Starts a quantization session on a random one of {@code modelIds} (read once before the load,
   * see {@code ModelIds}), on a device the default criteria allow: the whole write path (criteria
   * check, insert and its counter delta, list cache eviction, event) in one request.
   */
  public static ChainBuilder createOnRandomModel(List<String> modelIds) {
    if (modelIds.isEmpty()) {
      throw new IllegalArgumentException("createOnRandomModel needs at least one model id");
    }
    return exec(session ->
            session
                .set("modelId", modelIds.get(Dice.of(session, 3).nextInt(modelIds.size())))
                .set("targetDevice", "jetson-orin"))
        .exec(SessionEndpoints.create());
  }
}
