package dev.redline.simulations.endpoints;

import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ActionBuilder;
import java.time.Duration;

/** {@code /ws}: the real-time session events (JSON text frames, token in the query). */
public final class RealtimeEndpoints {

  public static final String CONNECT = "WS connect /ws";
  public static final String SUBSCRIBE = "WS subscribe sessions";
  public static final String PING = "WS ping";
  public static final String EVENT = "WS session event";
  public static final String CLOSE = "WS close";

  /**
   * Names of the awaited replies. Gatling logs an await twice: under the sending action's name and
   * under its check's name, so the checks get names of their own.
   */
  public static final String SUBSCRIBED = "WS subscribed reply";

  public static final String PONG = "WS pong reply";
  public static final String EVENT_RECEIVED = "WS session event received";

  private RealtimeEndpoints() {}

  /** Opens the socket as the session's {@code token}. */
  public static ActionBuilder connect() {
    return ws(CONNECT).connect("/ws?token=#{token}");
  }

  /** Subscribes to the {@code sessions} room and waits for the server's confirmation. */
  public static ActionBuilder subscribeSessions(Duration timeout) {
    return ws(SUBSCRIBE)
        .sendText("{\"action\":\"subscribe\",\"room\":\"sessions\"}")
        .await(timeout)
        .on(
            ws.checkTextMessage(SUBSCRIBED)
                .matching(jsonPath("$.type").is("subscribed"))
                .check(jsonPath("$.room").is("sessions")));
  }

  /** A ping answered by the matching pong. */
  public static ActionBuilder ping(Duration timeout) {
    return ws(PING)
        .sendText("{\"action\":\"ping\",\"id\":\"#{userId}\"}")
        .await(timeout)
        .on(
            ws.checkTextMessage(PONG)
                .matching(jsonPath("$.type").is("pong"))
                .check(jsonPath("$.id").isEL("#{userId}")));
  }

  /**
   * Waits up to {@code timeout} for any session event in the sessions room (the ping only opens the
   * wait; its pong is not what is awaited).
   */
  public static ActionBuilder awaitSessionEvent(Duration timeout) {
    return ws(EVENT)
        .sendText("{\"action\":\"ping\",\"id\":\"wait-#{userId}\"}")
        .await(timeout)
        .on(
            ws.checkTextMessage(EVENT_RECEIVED)
                .matching(regex("\"type\"\\s*:\\s*\"session\\.[a-z]+\""))
                .check(jsonPath("$.session_id").exists()));
  }

  /** Closes the socket. */
  public static ActionBuilder close() {
    return ws(CLOSE).close();
  }
}
