package dev.redline.platform.realtime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 validation of a text message as its bytes stream in (RFC 6455 section 8.1): pieces
 * split anywhere, across fragments too, checked by the JDK's decoder with {@link
 * CodingErrorAction#REPORT}, which refuses overlong forms ({@code C0 AF} for '/'), encoded
 * surrogates and code points over U+10FFFF. Fails as soon as the bytes so far cannot be the start
 * of valid UTF-8. One instance per connection, one message at a time.
 */
final class Utf8Check {

  private final CharsetDecoder decoder = strictDecoder();
  private final CharBuffer sink = CharBuffer.allocate(256);

  /** The start of a sequence cut at the end of the last piece (at most 3 bytes, plus one). */
  private final byte[] carry = new byte[4];

  private int carryLen;

  /** Checks the next piece; false when the message so far is not valid UTF-8. */
  boolean feed(byte[] b, int off, int len) {
    int end = off + len;
    // Complete a cut sequence a byte at a time, so it never mixes with the rest of the piece.
    while (carryLen > 0 && off < end) {
      carry[carryLen++] = b[off++];
      ByteBuffer in = ByteBuffer.wrap(carry, 0, carryLen);
      if (!decode(in) || in.remaining() == carry.length) {
        return false;
      }
      carryLen = in.remaining();
      System.arraycopy(carry, in.position(), carry, 0, carryLen);
    }
    if (off < end) {
      ByteBuffer in = ByteBuffer.wrap(b, off, end - off);
      if (!decode(in) || in.remaining() >= carry.length) {
        return false;
      }
      carryLen = in.remaining();
      in.get(carry, 0, carryLen);
    }
    return true;
  }

  /** The message has ended: false when it ended inside a sequence. Ready for the next one. */
  boolean finish() {
    boolean whole = carryLen == 0;
    reset();
    return whole;
  }

  void reset() {
    decoder.reset();
    carryLen = 0;
  }

  private boolean decode(ByteBuffer in) {
    while (true) {
      sink.clear();
      CoderResult r = decoder.decode(in, sink, false);
      if (r.isError()) {
        return false;
      }
      if (r.isUnderflow()) {
        return true;
      }
    }
  }

  /** The whole of {@code b[off, off + len)} as text, or null when it is not valid UTF-8. */
  static String decode(byte[] b, int off, int len) {
    try {
      return strictDecoder().decode(ByteBuffer.wrap(b, off, len)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static CharsetDecoder strictDecoder() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }
}
