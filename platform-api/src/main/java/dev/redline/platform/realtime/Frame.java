package dev.redline.platform.realtime;

import dev.redline.platform.session.SessionEvent;
import java.time.Instant;

/**
 * One server-to-client text message, built once and shared by every subscriber it goes to. Plain
 * Java (the benchmarks use it without Spring); {@link WsSession} hands its text to the library.
 */
public final class Frame {

  private final String text;
  private final long emittedAtMicros;

  private Frame(String text, long emittedAtMicros) {
    this.text = text;
    this.emittedAtMicros = emittedAtMicros;
  }

  /** A reply frame (subscribed, pong, error) with no event time. */
  public static Frame reply(String json) {
    return new Frame(json, 0);
  }

  /**
   * The event frame for one room: {@code {"type","room","session_id","progress_percent",
   * "emitted_at"}} (API.md). Built by hand: every value is a known-safe token (UUID, int, ISO
   * instant, and room names that {@link Rooms} validated), so no escaping is needed.
   */
  public static Frame event(SessionEvent e, String room) {
    Instant at = e.emittedAt();
    StringBuilder b = new StringBuilder(160);
    b.append("{\"type\":\"")
        .append(e.type())
        .append("\",\"room\":\"")
        .append(room)
        .append("\",\"session_id\":\"")
        .append(e.sessionId())
        .append("\",\"progress_percent\":")
        .append(e.progressPercent())
        .append(",\"emitted_at\":\"")
        .append(at)
        .append("\"}");
    return new Frame(b.toString(), micros(at));
  }

  /** The JSON text. */
  public String text() {
    return text;
  }

  /** The event's {@code emitted_at} in microseconds since the epoch; 0 for replies. */
  public long emittedAtMicros() {
    return emittedAtMicros;
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  /** Now in microseconds since the epoch (the same clock as {@code emitted_at}). */
  public static long nowMicros() {
    return micros(Instant.now());
  }
}
