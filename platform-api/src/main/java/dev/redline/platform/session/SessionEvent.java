package dev.redline.platform.session;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to a session, as the engine and the API produce it. The WebSocket layer
 * turns it into {@code {"type": ..., "room": ..., "session_id": ...}} frames.
 *
 * @param type one of {@code session.created|progress|completed|failed|cancelled}
 * @param progressPercent 0..100
 */
public record SessionEvent(
    String type, UUID sessionId, SessionStatus status, int progressPercent, Instant emittedAt) {

  public static final String CREATED = "session.created";
  public static final String PROGRESS = "session.progress";
  public static final String COMPLETED = "session.completed";
  public static final String FAILED = "session.failed";
  public static final String CANCELLED = "session.cancelled";
}
