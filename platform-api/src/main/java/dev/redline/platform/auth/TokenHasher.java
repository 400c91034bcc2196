package dev.redline.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a token, lower-case hex. Tokens are random secrets (not passwords), so a fast hash
 * suffices and keeps per-request verification in the microseconds; PostgreSQL computes the same
 * value with {@code encode(sha256(convert_to(token, 'UTF8')), 'hex')}.
 */
public final class TokenHasher {

  // One digest per thread: getInstance does a provider lookup on every call.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required by every JVM", e);
            }
          });
  private static final HexFormat HEX = HexFormat.of();

  private TokenHasher() {}

  public static String hash(String token) {
    MessageDigest md = SHA256.get();
    return HEX.formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
  }
}
