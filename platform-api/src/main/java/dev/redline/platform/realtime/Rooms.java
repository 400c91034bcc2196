package dev.redline.platform.realtime;

import java.util.UUID;

/** Room names of the protocol: {@code sessions} (every session) and {@code session:<uuid>}. */
public final class Rooms {

  public static final String SESSIONS = "sessions";
  public static final String SESSION_PREFIX = "session:";

  private Rooms() {}

  /** The room of one session. */
  public static String of(UUID sessionId) {
    return SESSION_PREFIX + sessionId;
  }

  /**
   * The canonical room name for what a client sent, or null when it has no known shape. A session
   * room is normalised to the lower-case UUID form, the form the engine's events are published to.
   */
  public static String canonical(String room) {
    if (room == null) {
      return null;
    }
    if (SESSIONS.equals(room)) {
      return SESSIONS;
    }
    if (room.startsWith(SESSION_PREFIX) && room.length() == SESSION_PREFIX.length() + 36) {
      try {
        return of(UUID.fromString(room.substring(SESSION_PREFIX.length())));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  /** {@code sessions} or {@code session}: the metric tag of a room. */
  public static String kind(String room) {
    return SESSIONS.equals(room) ? "sessions" : "session";
  }
}
