package dev.redline.platform.realtime;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one {@code /ws} client says and hears at the protocol level (API.md): its messages parsed,
 * its rooms, its replies and error frames, and the bad-frame limit. The transport side is {@link
 * WsSession}. Messages arrive on one thread at a time, so the inbound state needs no lock; the room
 * set is also touched on close.
 */
final class Connection {

  /** How the connection is ended from here. */
  interface Closer {
    void close(int code, String reason);
  }

  private final BoundedOutbox outbox;
  private final Closer closer;
  private final RoomBroadcaster rooms;
  private final RealtimeMetrics metrics;
  private final RealtimeSettings settings;
  private final JsonMapper mapper;
  private final Set<String> joined = new HashSet<>();

  private StringBuilder partial;
  private boolean skipping;
  private long windowStartNanos = System.nanoTime();
  private int badInWindow;

  Connection(
      BoundedOutbox outbox,
      Closer closer,
      RoomBroadcaster rooms,
      RealtimeMetrics metrics,
      RealtimeSettings settings,
      JsonMapper mapper) {
    this.outbox = outbox;
    this.closer = closer;
    this.rooms = rooms;
    this.metrics = metrics;
    this.settings = settings;
    this.mapper = mapper;
  }

  /** Leaves every room (the connection is closing or gone). */
  void leaveAll() {
    synchronized (joined) {
      for (String room : joined) {
        rooms.unsubscribe(room, outbox);
      }
      joined.clear();
    }
  }

  /**
   * One part of a text message (the library hands a message over in parts of its buffer's size). A
   * message over {@code max-frame-bytes} characters is dropped as it streams, never held, and
   * answered with an error frame.
   */
  void text(String part, boolean last) {
    int max = settings.maxFrameBytes();
    if (skipping) {
      if (last) {
        skipping = false;
        bad("frame longer than " + max + " characters");
      }
      return;
    }
    if (partial == null && last) {
      if (part.length() > max) {
        bad("frame longer than " + max + " characters");
      } else {
        message(part);
      }
      return;
    }
    if (partial == null) {
      partial = new StringBuilder(Math.min(max, 2 * part.length()));
    }
    if (partial.length() + part.length() > max) {
      partial = null;
      if (last) {
        bad("frame longer than " + max + " characters");
      } else {
        skipping = true;
      }
      return;
    }
    partial.append(part);
    if (last) {
      String whole = partial.toString();
      partial = null;
      message(whole);
    }
  }

  /** The last part of a binary message (the earlier parts are ignored). */
  void binary(boolean last) {
    if (last) {
      bad("binary frames are not supported; send JSON text frames");
    }
  }

  /** One whole text message. */
  private void message(String text) {
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
      outbox.resume();
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
      closer.close(
          WsSession.TOO_MANY_BAD_FRAMES.getCode(), WsSession.TOO_MANY_BAD_FRAMES.getReason());
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
