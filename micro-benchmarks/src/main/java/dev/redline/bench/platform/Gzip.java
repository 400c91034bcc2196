package dev.redline.bench.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses a response body the way the service's Tomcat does ({@code server.compression}): a new
 * {@link GZIPOutputStream} at the default level per response.
 */
public final class Gzip {

  private Gzip() {}

  /** The gzip bytes of {@code body}. */
  public static byte[] gzip(byte[] body) {
    // Sized for JSON's usual 4-8x ratio so the buffer rarely grows.
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
