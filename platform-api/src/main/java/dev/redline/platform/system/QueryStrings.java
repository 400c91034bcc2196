package dev.redline.platform.system;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds which parameter of a raw query string Tomcat could not decode, so the 400 can name it.
 * Tomcat refuses the whole query when one pair is not valid percent-encoded UTF-8 ({@code %ZZ},
 * {@code %FF}, the overlong {@code %C0%AE}) and says which only in a log message; this decodes the
 * pairs again, strictly. Own code because the JDK's {@code URLDecoder} (and Spring's) replace
 * malformed UTF-8 with U+FFFD instead of reporting it.
 */
public final class QueryStrings {

  private QueryStrings() {}

  /**
   * The name of the first pair of {@code rawQuery} that is not valid percent-encoded UTF-8 ({@code
   * "query"} when the name itself is the broken part), or empty when every pair decodes.
   */
  public static Optional<String> firstMalformed(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Optional.empty();
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (name == null) {
        return Optional.of("query");
      }
      if (eq >= 0 && decode(pair.substring(eq + 1)) == null) {
        return Optional.of(name.isEmpty() ? "query" : name);
      }
    }
    return Optional.empty();
  }

  /** {@code application/x-www-form-urlencoded} decoding; null when malformed. */
  static String decode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        // Tomcat hands over the raw bytes as ISO-8859-1 characters.
        bytes.write(c & 0xFF);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
