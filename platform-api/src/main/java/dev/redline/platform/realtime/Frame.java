package dev.redline.platform.realtime;

import dev.redline.platform.session.SessionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One server-to-client WebSocket frame, encoded once (RFC 6455 header and payload, as written on
 * the wire) and shared by every subscriber it goes to.
 */
public final class Frame {

  static final int TEXT = 0x1;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** Close codes (RFC 6455 section 7.4) this server sends or reads. */
  static final int NORMAL = 1000;

  static final int GOING_AWAY = 1001;
  static final int PROTOCOL_ERROR = 1002;

  /** Never sent: what a close frame without a code reports. */
  static final int NO_STATUS = 1005;

  /** Text that is not valid UTF-8 (RFC 6455 section 8.1). */
  static final int INVALID_PAYLOAD = 1007;

  /** More bad frames than the limit allows. */
  static final int POLICY_VIOLATION = 1008;

  /** The server closed a reader that fell too far behind. */
  static final int TRY_AGAIN_LATER = 1013;

  private final String text;
  private final long emittedAtMicros;
  private final byte[] wire;

  private Frame(String text, long emittedAtMicros, byte[] wire) {
    this.text = text;
    this.emittedAtMicros = emittedAtMicros;
    this.wire = wire;
  }

  /**
   * Whether an endpoint may put {@code code} in a close frame (RFC 6455 section 7.4 and the IANA
   * registry): 1000-1003 and 1007-1014 (1004 is reserved; 1005, 1006 and 1015 only report what
   * happened locally), and 3000-4999 for libraries and applications. 0-999 and the unassigned
   * 1016-2999 are not.
   */
  static boolean allowedOnWire(int code) {
    return (code >= NORMAL && code <= 1014 && code != 1004 && code != NO_STATUS && code != 1006)
        || (code >= 3000 && code <= 4999);
  }

  /** A text frame; {@code emittedAtMicros} 0 for replies that carry no event. */
  private static Frame ofText(String json, long emittedAtMicros) {
    return new Frame(json, emittedAtMicros, encode(TEXT, json.getBytes(StandardCharsets.UTF_8)));
  }

  /** A reply frame (subscribed, pong, error) with no event time. */
  public static Frame reply(String json) {
    return ofText(json, 0);
  }

  /** A control frame (pong, close); its payload is at most 125 bytes. */
  static Frame control(int opcode, byte[] payload) {
    if (payload.length > 125) {
      throw new IllegalArgumentException("control payload over 125 bytes: " + payload.length);
    }
    return new Frame("", 0, encode(opcode, payload));
  }

  /** A close frame: the code, then as much of the reason as fits in 123 UTF-8 bytes. */
  static Frame close(int code, String reason) {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(r.length, 123);
    byte[] p = new byte[2 + n];
    p[0] = (byte) (code >> 8);
    p[1] = (byte) code;
    System.arraycopy(r, 0, p, 2, n);
    return control(CLOSE, p);
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
    return ofText(b.toString(), micros(at));
  }

  /** The JSON text of a text frame ("" for control frames). */
  public String text() {
    return text;
  }

  /** The event's {@code emitted_at} in microseconds since the epoch; 0 for replies. */
  public long emittedAtMicros() {
    return emittedAtMicros;
  }

  /** The whole frame as written on the wire; shared, never modify it. */
  byte[] wire() {
    return wire;
  }

  /** An unmasked, final frame: FIN and opcode, a 7-, 16- or 64-bit length, the payload. */
  static byte[] encode(int opcode, byte[] payload) {
    int n = payload.length;
    int head = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
    byte[] out = new byte[head + n];
    out[0] = (byte) (0x80 | opcode);
    if (n < 126) {
      out[1] = (byte) n;
    } else if (n <= 0xFFFF) {
      out[1] = 126;
      out[2] = (byte) (n >> 8);
      out[3] = (byte) n;
    } else {
      out[1] = 127;
      for (int i = 0; i < 8; i++) {
        out[2 + i] = (byte) ((long) n >> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, 0, out, head, n);
    return out;
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  /** Now in microseconds since the epoch (the same clock as {@code emitted_at}). */
  public static long nowMicros() {
    return micros(Instant.now());
  }
}
