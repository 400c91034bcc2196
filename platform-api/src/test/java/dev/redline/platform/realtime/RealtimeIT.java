package dev.redline.platform.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.platform.ApiIT;
import dev.redline.platform.session.SessionEvent;
import dev.redline.platform.session.SessionEventPublisher;
import dev.redline.platform.session.SessionStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class RealtimeIT extends ApiIT {

  @Autowired SessionEventPublisher events;
  @Autowired MeterRegistry registry;

  private static SessionEvent progress(UUID id, int pct) {
    return new SessionEvent(SessionEvent.PROGRESS, id, SessionStatus.RUNNING, pct, Instant.now());
  }

  @Test
  void refusesTheHandshakeWith401WithoutAValidToken() {
    for (String query : new String[] {"", "?token=", "?token=not-a-token"}) {
      assertThatThrownBy(
              () ->
                  HttpClient.newHttpClient()
                      .newWebSocketBuilder()
                      .buildAsync(
                          URI.create("ws://127.0.0.1:" + port + "/ws" + query),
                          new WebSocket.Listener() {})
                      .join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }
  }

  @Test
  void answersSubscribePingAndUnsubscribe() throws Exception {
    try (WsClient c = WsClient.connect(port, viewerToken)) {
      UUID id = UUID.randomUUID();
      JsonNode sub = c.ask("{\"action\":\"subscribe\",\"room\":\"session:" + id + "\"}");
      assertThat(sub.get("type").asString()).isEqualTo("subscribed");
      assertThat(sub.get("room").asString()).isEqualTo("session:" + id);
      JsonNode pong = c.ask("{\"action\":\"ping\",\"id\":42}");
      assertThat(pong.get("type").asString()).isEqualTo("pong");
      assertThat(pong.get("id").asInt()).isEqualTo(42);
      assertThat(c.ask("{\"action\":\"ping\",\"id\":\"a\"}").get("id").asString()).isEqualTo("a");
      JsonNode unsub = c.ask("{\"action\":\"unsubscribe\",\"room\":\"session:" + id + "\"}");
      assertThat(unsub.get("type").asString()).isEqualTo("unsubscribed");
      events.publish(progress(id, 5));
      // Nothing for the left room: the next frame is the pong.
      assertThat(c.ask("{\"action\":\"ping\",\"id\":1}").get("type").asString()).isEqualTo("pong");
    }
  }

  @Test
  void aFrameWithA16BitLengthArrivesWholeBothWays() throws Exception {
    // Over 125 bytes each way: the client's frame and our pong both carry a 16-bit length, and
    // a pong echoing a 3,000-character id must come back as one message with the id intact.
    String id = "x".repeat(3000);
    try (WsClient c = WsClient.connect(port, viewerToken)) {
      JsonNode pong = c.ask("{\"action\":\"ping\",\"id\":\"" + id + "\"}");
      assertThat(pong.get("type").asString()).isEqualTo("pong");
      assertThat(pong.get("id").asString()).isEqualTo(id);
    }
  }

  @Test
  void deliversEachEventToItsRoomsOnly() throws Exception {
    UUID x = UUID.randomUUID();
    UUID y = UUID.randomUUID();
    try (WsClient all = WsClient.connect(port, viewerToken);
        WsClient onX = WsClient.connect(port, viewerToken);
        WsClient onY = WsClient.connect(port, viewerToken)) {
      all.subscribe("sessions");
      onX.subscribe("session:" + x);
      onY.subscribe("session:" + y);

      events.publish(progress(x, 10));
      JsonNode a = all.next();
      assertThat(a.get("type").asString()).isEqualTo("session.progress");
      assertThat(a.get("room").asString()).isEqualTo("sessions");
      assertThat(a.get("session_id").asString()).isEqualTo(x.toString());
      assertThat(a.get("progress_percent").asInt()).isEqualTo(10);
      assertThat(Instant.parse(a.get("emitted_at").asString())).isBeforeOrEqualTo(Instant.now());
      JsonNode b = onX.next();
      assertThat(b.get("room").asString()).isEqualTo("session:" + x);
      assertThat(b.get("session_id").asString()).isEqualTo(x.toString());

      events.publish(progress(y, 20));
      // onY's first frame is y's event: x's never reached it.
      assertThat(onY.next().get("session_id").asString()).isEqualTo(y.toString());
      assertThat(all.next().get("session_id").asString()).isEqualTo(y.toString());
      assertThat(onX.frames.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void relaysTheServicesOwnEventsToTheSessionsRoom() throws Exception {
    String queued =
        jdbc.sql("SELECT id::text FROM sessions WHERE status = 'queued' LIMIT 1")
            .query(String.class)
            .single();
    try (WsClient c = WsClient.connect(port, viewerToken)) {
      c.subscribe("session:" + queued);
      Res r =
          send(
              "POST",
              "/api/v1/optimization/sessions/" + queued + "/cancel",
              operatorToken,
              null,
              Map.of());
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode e = c.next();
      assertThat(e.get("type").asString()).isEqualTo("session.cancelled");
      assertThat(e.get("session_id").asString()).isEqualTo(queued);
    }
  }

  @Test
  void answersBadFramesWithAnErrorAndStaysOpen() throws Exception {
    try (WsClient c = WsClient.connect(port, viewerToken)) {
      String[] bad = {
        "not json",
        "[1,2]",
        "{\"action\":\"dance\"}",
        "{\"room\":\"sessions\"}",
        "{\"action\":\"subscribe\",\"room\":\"lobby\"}",
        "{\"action\":\"subscribe\",\"room\":\"session:not-a-uuid\"}",
        "{\"action\":\"subscribe\"}",
        "x".repeat(1 << 20)
      };
      for (String frame : bad) {
        JsonNode r = c.ask(frame);
        assertThat(r.get("type").asString())
            .as(frame.substring(0, Math.min(40, frame.length())))
            .isEqualTo("error");
        assertThat(r.get("detail").asString()).isNotBlank();
      }
      assertThat(c.ask("{\"action\":\"ping\",\"id\":7}").get("type").asString()).isEqualTo("pong");
      assertThat(c.closed).isNotDone();
    }
  }

  @Test
  void closesAClientThatSendsGarbageInALoopWithPolicyViolation() throws Exception {
    try (WsClient bystander = WsClient.connect(port, viewerToken);
        WsClient spammer = WsClient.connect(port, viewerToken)) {
      for (int i = 0; i < 50 && !spammer.closed.isDone(); i++) {
        try {
          spammer.send("garbage " + i);
        } catch (CompletionException e) {
          break; // the server closed it while we were still sending
        }
      }
      assertThat(spammer.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
      assertThat(bystander.ask("{\"action\":\"ping\",\"id\":1}").get("type").asString())
          .isEqualTo("pong");
    }
  }

  @Test
  void closesASlowReaderWithoutHoldingUpOthers() throws Exception {
    double dropsBefore =
        registry.get("platform.ws.dropped").tag("reason", "slow_reader").counter().count();
    double subscribedBefore = sessionsRoomSubscriptions();
    try (WsClient fast = WsClient.connect(port, viewerToken);
        WsClient slow = WsClient.connect(port, viewerToken, false)) {
      fast.subscribe("sessions");
      slow.send("{\"action\":\"subscribe\",\"room\":\"sessions\"}");
      // The slow reader never reads its confirmation: wait until the server has it in the room
      // (a fixed 200 ms was too short on a busy CI machine, and nothing was sent to it at all).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (sessionsRoomSubscriptions() < subscribedBefore + 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(sessionsRoomSubscriptions()).isGreaterThanOrEqualTo(subscribedBefore + 2);
      // Enough frames to fill the loopback socket buffers of the reader that never reads; in
      // batches the fast reader can take, so only the slow one falls behind.
      int batches = 500;
      int batch = 200;
      UUID id = UUID.randomUUID();
      for (int b = 0; b < batches; b++) {
        for (int i = 0; i < batch; i++) {
          events.publish(progress(id, i % 100));
        }
        for (int i = 0; i < batch; i++) {
          String f = fast.frames.poll(5, TimeUnit.SECONDS);
          assertThat(f).as("fast reader's frame %d of batch %d", i, b).isNotNull();
        }
      }
      assertThat(fast.closed).isNotDone();
      // The slow reader is cut when its outbox overflows or a blocked send to it times out (2 s),
      // which can come after the flood has ended: wait for it, up to 10 s.
      long cutBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (slowReaderDrops() <= dropsBefore && System.nanoTime() < cutBy) {
        Thread.sleep(50);
      }
      assertThat(slowReaderDrops()).isGreaterThan(dropsBefore);
    }
  }

  private double slowReaderDrops() {
    return registry.get("platform.ws.dropped").tag("reason", "slow_reader").counter().count();
  }

  private double sessionsRoomSubscriptions() {
    return registry.get("platform.ws.subscriptions").tag("kind", "sessions").gauge().value();
  }

  @Test
  void reportsConnectionsSubscriptionsAndLatencyOnPrometheus() throws Exception {
    try (WsClient c = WsClient.connect(port, viewerToken)) {
      c.subscribe("sessions");
      events.publish(progress(UUID.randomUUID(), 1));
      c.next();
      String body = get("/actuator/prometheus", adminToken).body();
      assertThat(body)
          .contains("platform_ws_connections")
          .contains("platform_ws_subscriptions{application=\"platform-api\",kind=\"sessions\"}")
          .contains("platform_ws_events_sent_total")
          .contains("platform_ws_dropped_total")
          .contains("platform_ws_delivery_latency_seconds_bucket");
      assertThat(registry.get("platform.ws.connections").gauge().value()).isGreaterThanOrEqualTo(1);
    }
  }
}
