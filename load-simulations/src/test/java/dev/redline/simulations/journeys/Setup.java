package dev.redline.simulations.journeys;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;

import dev.redline.simulations.endpoints.ModelEndpoints;
import dev.redline.simulations.support.Dice;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The first steps of most journeys: who the user is, and a model to work with. */
public final class Setup {

  private Setup() {}

  /** Takes the next distinct user from the load profile's token pool. */
  public static ChainBuilder distinctUser(Iterator<Map<String, Object>> tokens) {
    return exec(session -> session.setAll(tokens.next()).set("userId", session.userId()));
  }

  /** Signs in as one fixed token (rate-limit scenario, WebSocket producer). */
  public static ChainBuilder fixedUser(String token) {
    return exec(session -> session.set(Tokens.TOKEN, token).set("userId", session.userId()));
  }

  /**
   * Lists the registry and picks a random model (saving {@code modelId} and {@code targetDevice});
   * registers one when the registry is empty, so a fresh platform works too.
   */
  public static ChainBuilder pickModel() {
    return exec(ModelEndpoints.list())
        .exec(
            session -> {
              List<Object> ids = listOrEmpty(session, ModelEndpoints.MODEL_IDS);
              List<Object> devices = listOrEmpty(session, ModelEndpoints.MODEL_DEVICES);
              if (ids.isEmpty()) {
                return session.set("targetDevice", "jetson-orin");
              }
              int i = Dice.of(session, 4).nextInt(ids.size());
              Object device = i < devices.size() ? devices.get(i) : "jetson-orin";
              return session.set("modelId", ids.get(i)).set("targetDevice", device);
            })
        .exec(doIf(session -> !session.contains("modelId")).then(exec(ModelEndpoints.create())));
  }

  /** A list attribute, or an empty list when the optional check found nothing. */
  static List<Object> listOrEmpty(Session session, String key) {
    return session.contains(key) ? session.getList(key) : List.of();
  }

  /** The number of iterations each of {@code users} does so they make {@code requests} in all. */
  public static int perUser(int requests, int users) {
    return Math.max(1, (requests + users - 1) / users);
  }
}
