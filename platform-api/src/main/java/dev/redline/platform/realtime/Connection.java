package dev.redline.platform.realtime;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@code /ws} client: its outbox (async writes through Tomcat's JSR-356 endpoint, one at a
 * time), its rooms, and the parsing of what it sends. Tomcat delivers one connection's frames on
 * one thread at a time, so the inbound state needs no lock; the room set is also touched on close.
 */
final class Connection implements BoundedOutbox.Sink {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  /** 1013 Try Again Later: the server closed a reader that fell too far behind. */
  static final CloseStatus SLOW_READER =
      new CloseStatus(1013, "outbound queue overflowed: read faster");

  static final CloseStatus TOO_MANY_BAD_FRAMES =
      CloseStatus.POLICY_VIOLATION.withReason("too many bad frames");

  private final WebSocketSession ws;
  private final jakarta.websocket.RemoteEndpoint.Async remote;
  private final RoomBroadcaster rooms;
  private final RealtimeMetrics metrics;
  private final RealtimeSettings settings;
  private final JsonMapper mapper;
  private final Executor closer;
  final BoundedOutbox outbox;
  private final Set<String> joined = new HashSet<>();

  private StringBuilder partial;
  private boolean discarding;
  private long windowStartNanos = System.nanoTime();
  private int badInWindow;

  Connection(
      WebSocketSession ws,
      RoomBroadcaster rooms,
      RealtimeMetrics metrics,
      RealtimeSettings settings,
      JsonMapper mapper,
      Executor closer) {
    this.ws = ws;
    jakarta.websocket.Session nat =
        ((StandardWebSocketSession) ws).getNativeSession(jakarta.websocket.Session.class);
    // Tomcat waits this long (ms) for an in-flight write before sending a close frame.
    nat.getUserProperties().put("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", 2000L);
    this.remote = nat.getAsyncRemote();
    this.rooms = rooms;
    this.metrics = metrics;
    this.settings = settings;
    this.mapper = mapper;
    this.closer = closer;
    this.outbox = new BoundedOutbox(settings.outboundQueue(), this);
  }

  // ---- outbound ---------------------------------------------------------------------------------

  @Override
  public void write(Frame frame, BoundedOutbox.Completion done) {
    try {
      remote.sendText(frame.text(), r -> done.completed(r.isOK() ? null : r.getException()));
    } catch (RuntimeException e) {
      done.completed(e);
    }
  }

  @Override
  public void written(Frame frame) {
    metrics.delivered(frame);
  }

  @Override
  public void overflowed() {
    log.debug("Closing slow reader {}: outbound queue full", ws.getId());
    metrics.droppedSlow.increment();
    close(SLOW_READER);
  }

  @Override
  public void failed(Throwable error) {
    log.debug("Write to {} failed: {}", ws.getId(), error.toString());
    close(CloseStatus.SESSION_NOT_RELIABLE);
  }

  void close(CloseStatus status) {
    leaveAll();
    closer.execute(
        () -> {
          try {
            ws.close(status);
          } catch (IOException | RuntimeException e) {
            log.debug("Closing {} failed: {}", ws.getId(), e.toString());
          }
        });
  }

  /** The transport has closed: leave every room and drop what waits. */
  void closed() {
    outbox.close();
    leaveAll();
  }

  private void leaveAll() {
    synchronized (joined) {
      for (String room : joined) {
        rooms.unsubscribe(room, outbox);
      }
      joined.clear();
    }
  }

  // ---- inbound ----------------------------------------------------------------------------------

  /** One part of a text frame (Tomcat splits frames longer than its buffer). */
  void inbound(String part, boolean last) {
    int max = settings.maxFrameBytes();
    if (discarding) {
      if (last) {
        discarding = false;
        bad("frame longer than " + max + " characters");
      }
      return;
    }
    if (partial == null && last) {
      if (part.length() > max) {
        bad("frame longer than " + max + " characters");
      } else {
        handle(part);
      }
      return;
    }
    if (partial == null) {
      partial = new StringBuilder(Math.min(max, part.length() * 2));
    }
    if (partial.length() + part.length() > max) {
      partial = null;
      if (last) {
        bad("frame longer than " + max + " characters");
      } else {
        discarding = true;
      }
      return;
    }
    partial.append(part);
    if (last) {
      String text = partial.toString();
      partial = null;
      handle(text);
    }
  }

  void binary(boolean last) {
    if (last) {
      bad("binary frames are not supported; send JSON text frames");
    }
  }

  private void handle(String text) {
    JsonNode n;
    try {
      n = mapper.readTree(text);
    } catch (JacksonException e) {
      bad("frame is not JSON");
      return;
    }
    if (n == null || !n.isObject()) {
      bad("frame must be a JSON object with an \"action\"");
      return;
    }
    JsonNode a = n.get("action");
    String action = a != null && a.isString() ? a.asString() : null;
    if ("ping".equals(action)) {
      JsonNode id = n.get("id");
      reply(
          "{\"type\":\"pong\",\"id\":"
              + (id == null ? "null" : mapper.writeValueAsString(id))
              + "}");
      return;
    }
    if (!"subscribe".equals(action) && !"unsubscribe".equals(action)) {
      bad("unknown action " + quoted(a) + "; use \"subscribe\", \"unsubscribe\" or \"ping\"");
      return;
    }
    JsonNode r = n.get("room");
    String room = Rooms.canonical(r != null && r.isString() ? r.asString() : null);
    if (room == null) {
      bad("unknown room " + quoted(r) + "; use \"sessions\" or \"session:<uuid>\"");
      return;
    }
    if ("subscribe".equals(action)) {
      synchronized (joined) {
        if (!joined.contains(room) && joined.size() >= settings.maxRooms()) {
          bad("at most " + settings.maxRooms() + " rooms per connection");
          return;
        }
        joined.add(room);
        // Queue the reply, join, then write: "subscribed" precedes the room's first event, and
        // the client cannot see it before the join is done.
        outbox.enqueue(Frame.reply("{\"type\":\"subscribed\",\"room\":\"" + room + "\"}"));
        rooms.subscribe(room, outbox);
      }
      outbox.flush();
    } else {
      synchronized (joined) {
        joined.remove(room);
        rooms.unsubscribe(room, outbox);
      }
      reply("{\"type\":\"unsubscribed\",\"room\":\"" + room + "\"}");
    }
  }

  private void reply(String json) {
    outbox.offer(Frame.reply(json));
  }

  private void bad(String detail) {
    metrics.badFrames.increment();
    long now = System.nanoTime();
    if (now - windowStartNanos > settings.badFrameWindow().toNanos()) {
      windowStartNanos = now;
      badInWindow = 0;
    }
    Map<String, String> err = new LinkedHashMap<>();
    err.put("type", "error");
    err.put("detail", detail);
    reply(mapper.writeValueAsString(err));
    if (++badInWindow > settings.badFrameLimit()) {
      metrics.droppedBadFrames.increment();
      close(TOO_MANY_BAD_FRAMES);
    }
  }

  /** A client value for an error message: JSON, at most 64 characters. */
  private String quoted(JsonNode v) {
    if (v == null) {
      return "(missing)";
    }
    String s = mapper.writeValueAsString(v);
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
