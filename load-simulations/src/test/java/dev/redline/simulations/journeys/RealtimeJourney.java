package dev.redline.simulations.journeys;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;

import dev.redline.simulations.endpoints.RealtimeEndpoints;
import dev.redline.simulations.endpoints.SessionEndpoints;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;

/** Dashboards watching sessions live over {@code /ws}, and the operator whose work they watch. */
public final class RealtimeJourney {

  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

  private RealtimeJourney() {}

  /** Connects, subscribes, pings, holds the socket open for {@code hold}, closes. */
  public static ChainBuilder connectAndPing(Duration hold) {
    return exec(RealtimeEndpoints.connect())
        .exec(RealtimeEndpoints.subscribeSessions(REPLY_TIMEOUT))
        .exec(RealtimeEndpoints.ping(REPLY_TIMEOUT))
        .exec(pause(hold))
        .exec(RealtimeEndpoints.close());
  }

  /** Connects, subscribes to the sessions room, waits for one session event, closes. */
  public static ChainBuilder listen(Duration eventTimeout) {
    return exec(RealtimeEndpoints.connect())
        .exec(RealtimeEndpoints.subscribeSessions(REPLY_TIMEOUT))
        .exec(RealtimeEndpoints.awaitSessionEvent(eventTimeout))
        .exec(RealtimeEndpoints.close());
  }

  /** Starts one optimization session, which makes the platform emit session events. */
  public static ChainBuilder produce() {
    return exec(Setup.pickModel()).exec(SessionEndpoints.create());
  }
}
