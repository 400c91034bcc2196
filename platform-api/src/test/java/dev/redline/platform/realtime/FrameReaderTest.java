package dev.redline.platform.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

  /** Records what the reader reports, one line per call. */
  private static final class Log implements FrameReader.Handler {
    final List<String> seen = new ArrayList<>();

    @Override
    public void text(byte[] buf, int len) {
      seen.add("text " + new String(buf, 0, len, StandardCharsets.UTF_8));
    }

    @Override
    public void tooLong() {
      seen.add("too long");
    }

    @Override
    public void binary() {
      seen.add("binary");
    }

    @Override
    public void ping(byte[] payload) {
      seen.add("ping " + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void close(int code, String reason) {
      seen.add("close " + code + " " + reason);
    }

    @Override
    public void protocolError(String why) {
      seen.add("error " + why);
    }

    @Override
    public void invalidText(String why) {
      seen.add("invalid " + why);
    }
  }

  private static final Random RANDOM = new Random(42);

  /** A client frame: FIN, opcode, the length in its shortest form, a random mask, the payload. */
  private static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | opcode);
    int m = masked ? 0x80 : 0;
    int n = payload.length;
    if (n < 126) {
      f.write(m | n);
    } else if (n <= 0xFFFF) {
      f.write(m | 126);
      f.write(n >> 8);
      f.write(n);
    } else {
      f.write(m | 127);
      for (int i = 7; i >= 0; i--) {
        f.write((int) ((long) n >> (8 * i)));
      }
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    if (masked) {
      f.write(mask, 0, 4);
    }
    for (int i = 0; i < n; i++) {
      f.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
    }
    return f.toByteArray();
  }

  private static byte[] frame(boolean fin, int opcode, String payload) {
    return frame(fin, opcode, payload.getBytes(StandardCharsets.UTF_8), true);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.write(p, 0, p.length);
    }
    return all.toByteArray();
  }

  /** Feeds {@code bytes} in pieces of {@code step} bytes (a TCP stream may split anywhere). */
  private static List<String> read(int max, byte[] bytes, int step) {
    Log log = new Log();
    FrameReader r = new FrameReader(max, log);
    for (int at = 0; at < bytes.length; at += step) {
      r.feed(ByteBuffer.wrap(bytes, at, Math.min(step, bytes.length - at)));
    }
    return log.seen;
  }

  @Test
  void decodesTheSameWhereverTheStreamIsSplit() {
    byte[] stream =
        concat(
            frame(true, 0x1, "{\"action\":\"ping\"}"),
            frame(true, 0x1, "é".repeat(200)), // 400 bytes: a 16-bit length
            frame(false, 0x1, "{\"act"),
            frame(true, 0x9, "between fragments"),
            frame(false, 0x0, "ion\":"),
            frame(true, 0x0, "1}"),
            frame(true, 0xA, "unsolicited pong"),
            frame(true, 0x1, ""),
            frame(true, 0x8, new byte[] {0x03, (byte) 0xE8, 'o', 'k'}, true));
    List<String> expected =
        List.of(
            "text {\"action\":\"ping\"}",
            "text " + "é".repeat(200),
            "ping between fragments",
            "text {\"action\":1}",
            "text ",
            "close 1000 ok");
    for (int step : new int[] {1, 2, 3, 7, 13, 64, stream.length}) {
      assertThat(read(4096, stream, step)).as("in pieces of %d bytes", step).isEqualTo(expected);
    }
  }

  @Test
  void skipsMessagesOverTheLimitAndBinaryOnesWithoutHoldingThem() {
    byte[] huge = new byte[1 << 20];
    java.util.Arrays.fill(huge, (byte) 'x');
    byte[] stream =
        concat(
            frame(true, 0x1, huge, true), // a 64-bit length
            frame(false, 0x1, "x".repeat(3000)), // fragments that only together pass 4096
            frame(true, 0x0, "x".repeat(3000)),
            frame(true, 0x2, new byte[] {1, 2, 3}, true),
            frame(true, 0x1, "x".repeat(4096)), // exactly the limit
            frame(true, 0x1, "after"));
    assertThat(read(4096, stream, 1500))
        .containsExactly(
            "too long", "too long", "binary", "text " + "x".repeat(4096), "text after");
  }

  @Test
  void reportsProtocolErrorsAndStopsReading() {
    assertThat(read(4096, frame(true, 0x1, "x".getBytes(), false), 1))
        .containsExactly("error client frames must be masked");
    byte[] rsv = frame(true, 0x1, "x");
    rsv[0] |= 0x40;
    assertThat(read(4096, concat(rsv, frame(true, 0x1, "y")), 5))
        .containsExactly("error reserved bits set (no extension was agreed)");
    assertThat(read(4096, frame(true, 0x3, "x"), 5)).containsExactly("error unknown opcode 3");
    assertThat(read(4096, frame(true, 0xB, "x"), 5)).containsExactly("error unknown opcode 11");
    assertThat(read(4096, frame(false, 0x9, "x"), 5))
        .containsExactly("error control frames must be whole and at most 125 bytes");
    assertThat(read(4096, frame(true, 0x9, "x".repeat(126)), 5))
        .containsExactly("error control frames must be whole and at most 125 bytes");
    assertThat(read(4096, frame(true, 0x0, "x"), 5))
        .containsExactly("error continuation frame without a message to continue");
    assertThat(read(4096, concat(frame(false, 0x1, "a"), frame(true, 0x1, "b")), 5))
        .containsExactly("error new message before the last one's final fragment");
    assertThat(read(4096, frame(true, 0x8, new byte[] {3}, true), 5))
        .containsExactly("error close frame with a 1-byte payload");
  }

  @Test
  void aCloseFrameWithoutACodeReportsNoStatus() {
    assertThat(read(4096, frame(true, 0x8, ""), 1)).containsExactly("close 1005 ");
  }

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  private static byte[] text(boolean fin, int opcode, byte[] payload) {
    return frame(fin, opcode, payload, true);
  }

  @Test
  void refusesTextThatIsNotStrictUtf8WhereverTheStreamIsSplit() {
    String invalid = "invalid text message is not valid UTF-8";
    byte[][] bad = {
      bytes('{', 0xC0, 0xAF, '}'), // overlong '/', which a lenient decoder reads as '/'
      bytes(0xE0, 0x80, 0xAF), // overlong '/' in three bytes
      bytes(0xED, 0xA0, 0x80), // an encoded surrogate (U+D800)
      bytes(0xF4, 0x90, 0x80, 0x80), // over U+10FFFF
      bytes('a', 0xFF, 'b'),
      bytes(0x80),
    };
    for (byte[] b : bad) {
      byte[] stream = concat(text(true, 0x1, b), frame(true, 0x1, "never read"));
      for (int step : new int[] {1, 2, 3, stream.length}) {
        assertThat(read(4096, stream, step))
            .as("%s in pieces of %d", java.util.HexFormat.of().formatHex(b), step)
            .containsExactly(invalid);
      }
    }
    // Cut inside a character at the end of the message.
    assertThat(read(4096, text(true, 0x1, bytes('a', 0xE2, 0x82)), 1))
        .containsExactly(invalid + " (it ends inside a character)");
    // Across fragments: the first ends inside a character the second does not continue.
    byte[] split = concat(text(false, 0x1, bytes('a', 0xE2)), text(true, 0x0, bytes('(', 'b')));
    assertThat(read(4096, split, 1)).containsExactly(invalid);
    // Fails at the first fragment, before the message is complete.
    assertThat(read(4096, text(false, 0x1, bytes(0xC0, 0xAF)), 1)).containsExactly(invalid);
    // A text message too long to keep is still checked as it passes.
    byte[] longBad = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
    longBad[4500] = (byte) 0xC0;
    assertThat(read(4096, text(true, 0x1, longBad), 700)).containsExactly(invalid);
  }

  @Test
  void joinsCharactersSplitAcrossFragments() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // E2 82 AC
    byte[] emoji = "🤖".getBytes(StandardCharsets.UTF_8); // 4 bytes
    byte[] stream =
        concat(
            text(false, 0x1, bytes('a', euro[0])),
            text(false, 0x0, bytes(euro[1])),
            text(true, 0x0, bytes(euro[2], emoji[0], emoji[1], emoji[2], emoji[3])),
            frame(true, 0x1, "é".repeat(3000))); // skipped: too long, but valid
    for (int step : new int[] {1, 2, 5, stream.length}) {
      assertThat(read(4096, stream, step)).containsExactly("text a€🤖", "too long");
    }
  }

  @Test
  void acceptsOnlyCloseCodesAnEndpointMaySendWithAUtf8Reason() {
    for (int code : new int[] {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999}) {
      assertThat(read(4096, frame(true, 0x8, bytes(code >> 8, code & 0xFF, 'o', 'k'), true), 1))
          .containsExactly("close " + code + " ok");
    }
    for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
      assertThat(read(4096, frame(true, 0x8, bytes(code >> 8, code & 0xFF), true), 1))
          .as("close code %d", code)
          .containsExactly("error close code " + code + " may not be sent");
    }
    assertThat(read(4096, frame(true, 0x8, bytes(0x03, 0xE8, 0xC0, 0xAF), true), 1))
        .containsExactly("invalid close reason is not valid UTF-8");
  }
}
