package dev.redline.platform.realtime;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decodes the frames a client sends (RFC 6455 section 5) from bytes as they arrive, in any split.
 * Payloads are unmasked as they stream through: a text message is kept up to {@code maxMessage}
 * bytes, anything longer (a 1 MiB frame) and every binary message is skipped without being held,
 * and reported once it has passed. Text (messages, kept or skipped, and close reasons) must be
 * valid UTF-8, checked strictly as it arrives (section 8.1). One instance per connection, used by
 * one thread at a time.
 */
final class FrameReader {

  /** What the reader finds, in order. */
  interface Handler {
    /** A whole text message (fragments joined) of at most {@code maxMessage} bytes. */
    void text(byte[] buf, int len);

    /** A text message longer than {@code maxMessage} has been skipped. */
    void tooLong();

    /** A binary message has been skipped. */
    void binary();

    /** A ping; the payload (at most 125 bytes) goes back in a pong. */
    void ping(byte[] payload);

    /**
     * A close frame: its code ({@link Frame#NO_STATUS} when it has none; otherwise one an endpoint
     * may send) and its reason.
     */
    void close(int code, String reason);

    /** The bytes break the protocol; nothing more is read (the connection must end, 1002). */
    void protocolError(String why);

    /**
     * A text message or close reason is not valid UTF-8; nothing more is read (the connection must
     * end, 1007).
     */
    void invalidText(String why);
  }

  private static final int CONTINUATION = 0x0;
  private static final int BINARY = 0x2;
  private static final int NONE = -1;

  private final int maxMessage;
  private final Handler handler;

  private final byte[] head = new byte[14];
  private int headLen;
  private boolean inPayload;
  private int opcode;
  private boolean fin;
  private long remaining;
  private final byte[] mask = new byte[4];
  private int maskPos;

  private int message = NONE;
  private boolean skipping;
  private byte[] msg;
  private int msgLen;

  private final byte[] control = new byte[125];
  private int controlLen;

  private final Utf8Check utf8 = new Utf8Check();

  /** Where a skipped text message is unmasked, a piece at a time, for its UTF-8 check. */
  private byte[] scratch;

  private boolean failed;

  FrameReader(int maxMessage, Handler handler) {
    this.maxMessage = maxMessage;
    this.handler = handler;
  }

  /** Consumes everything {@code in} holds (or stops at a protocol error). */
  void feed(ByteBuffer in) {
    while (!failed && in.hasRemaining()) {
      if (!inPayload) {
        if (!header(in)) {
          return;
        }
        if (remaining == 0) {
          endOfFrame();
        }
      } else {
        payload(in);
        if (remaining == 0 && !failed) {
          endOfFrame();
        }
      }
    }
  }

  /** Collects and checks a frame header; false when more bytes are needed. */
  private boolean header(ByteBuffer in) {
    while (headLen < 2) {
      if (!in.hasRemaining()) {
        return false;
      }
      head[headLen++] = in.get();
    }
    if ((head[1] & 0x80) == 0) {
      headLen = 0;
      return fail("client frames must be masked");
    }
    int len7 = head[1] & 0x7F;
    int need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
    while (headLen < need) {
      if (!in.hasRemaining()) {
        return false;
      }
      head[headLen++] = in.get();
    }
    headLen = 0;
    fin = (head[0] & 0x80) != 0;
    opcode = head[0] & 0x0F;
    if ((head[0] & 0x70) != 0) {
      return fail("reserved bits set (no extension was agreed)");
    }
    long len = len7;
    int at = 2;
    if (len7 == 126) {
      len = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
      at = 4;
    } else if (len7 == 127) {
      len = 0;
      for (int i = 2; i < 10; i++) {
        len = (len << 8) | (head[i] & 0xFF);
      }
      if (len < 0) {
        return fail("frame length over 2^63");
      }
      at = 10;
    }
    System.arraycopy(head, at, mask, 0, 4);
    maskPos = 0;
    remaining = len;
    if (opcode >= Frame.CLOSE) {
      if (opcode > Frame.PONG) {
        return fail("unknown opcode " + opcode);
      }
      if (!fin || len > 125) {
        return fail("control frames must be whole and at most 125 bytes");
      }
      controlLen = 0;
    } else if (opcode == CONTINUATION) {
      if (message == NONE) {
        return fail("continuation frame without a message to continue");
      }
      startData(len);
    } else if (opcode == Frame.TEXT || opcode == BINARY) {
      if (message != NONE) {
        return fail("new message before the last one's final fragment");
      }
      message = opcode;
      skipping = opcode == BINARY;
      msgLen = 0;
      utf8.reset();
      startData(len);
    } else {
      return fail("unknown opcode " + opcode);
    }
    inPayload = true;
    return true;
  }

  private void startData(long len) {
    if (!skipping && msgLen + len > maxMessage) {
      skipping = true;
      msg = null;
    }
    if (!skipping && (msg == null || msg.length < msgLen + len)) {
      int want = (int) Math.max(msgLen + len, Math.min(maxMessage, 256));
      msg = msg == null ? new byte[want] : Arrays.copyOf(msg, want);
    }
  }

  private void payload(ByteBuffer in) {
    int n = (int) Math.min(remaining, in.remaining());
    remaining -= n;
    if (opcode >= Frame.CLOSE) {
      unmask(in, control, controlLen, n);
      controlLen += n;
    } else if (skipping && message == BINARY) {
      in.position(in.position() + n);
    } else if (skipping) {
      // Not kept, but still text: it must be UTF-8 all the same.
      if (scratch == null) {
        scratch = new byte[1024];
      }
      for (int left = n; left > 0; ) {
        int k = Math.min(left, scratch.length);
        unmask(in, scratch, 0, k);
        left -= k;
        if (!utf8.feed(scratch, 0, k)) {
          in.position(in.position() + left);
          invalid("text message is not valid UTF-8");
          return;
        }
      }
    } else {
      unmask(in, msg, msgLen, n);
      if (!utf8.feed(msg, msgLen, n)) {
        invalid("text message is not valid UTF-8");
        return;
      }
      msgLen += n;
    }
  }

  private void unmask(ByteBuffer in, byte[] to, int at, int n) {
    for (int i = 0; i < n; i++) {
      to[at + i] = (byte) (in.get() ^ mask[maskPos++ & 3]);
    }
  }

  private void endOfFrame() {
    inPayload = false;
    switch (opcode) {
      case Frame.PING -> handler.ping(Arrays.copyOf(control, controlLen));
      case Frame.PONG -> {}
      case Frame.CLOSE -> {
        if (controlLen == 1) {
          fail("close frame with a 1-byte payload");
        } else if (controlLen == 0) {
          handler.close(Frame.NO_STATUS, "");
        } else {
          int code = ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
          String reason = Utf8Check.decode(control, 2, controlLen - 2);
          if (!Frame.allowedOnWire(code)) {
            fail("close code " + code + " may not be sent");
          } else if (reason == null) {
            invalid("close reason is not valid UTF-8");
          } else {
            handler.close(code, reason);
          }
        }
      }
      default -> {
        if (fin) {
          if (message != BINARY && !utf8.finish()) {
            invalid("text message is not valid UTF-8 (it ends inside a character)");
            return;
          }
          int kind = message;
          boolean skipped = skipping;
          message = NONE;
          skipping = false;
          if (kind == BINARY) {
            handler.binary();
          } else if (skipped) {
            handler.tooLong();
          } else {
            byte[] b = msg;
            int len = msgLen;
            msg = null;
            msgLen = 0;
            handler.text(b, len);
          }
        }
      }
    }
  }

  private boolean fail(String why) {
    failed = true;
    handler.protocolError(why);
    return false;
  }

  private void invalid(String why) {
    failed = true;
    handler.invalidText(why);
  }
}
