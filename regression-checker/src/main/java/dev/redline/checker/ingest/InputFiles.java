package dev.redline.checker.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/** Checks on an input file before it is opened. */
public final class InputFiles {
  /** How many bytes of a file the importers see to recognise it. */
  public static final int HEAD_BYTES = 8192;

  private InputFiles() {}

  /**
   * Refuses a path that does not exist, naming the encoding when its name held bytes the JVM could
   * not decode (U+FFFD in their place; see the CLI's path arguments).
   */
  public static void requireExists(Path path) throws InputException {
    if (Files.exists(path)) {
      return;
    }
    if (path.toString().indexOf('\uFFFD') >= 0) {
      throw new InputException(
          path,
          "The result path "
              + path
              + " does not exist as named: its name holds bytes that are not valid "
              + System.getProperty("sun.jnu.encoding", "unknown")
              + " (shown as \uFFFD), and they match no single file there; rename the file.");
    }
    throw new InputException(path, "The result path " + path + " does not exist.");
  }

  /** The first {@link #HEAD_BYTES} bytes of a regular file (fewer when it is shorter). */
  public static byte[] head(Path file) throws InputException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(HEAD_BYTES);
    } catch (IOException e) {
      throw new InputException(
          file, "The result file " + file + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  /**
   * The first line of {@code head} that is neither blank nor a {@code #} comment, as UTF-8 text
   * without a byte order mark; empty when there is none.
   */
  public static String firstLine(byte[] head) {
    String text = new String(head, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return text.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .findFirst()
        .orElse("");
  }

  /** Whether {@code head} holds a zero byte in its first {@code n} bytes: binary, not text. */
  public static boolean binary(byte[] head, int n) {
    for (byte b : Arrays.copyOf(head, Math.min(n, head.length))) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }

  /** When the file was last written: the run time of results that do not record it. */
  public static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.now();
    }
  }

  /**
   * Refuses what cannot be read as a result before opening it: a missing file, a folder, anything
   * that is not a regular file (opening a FIFO blocks until someone writes to it, a device never
   * ends), and a file over {@code maxBytes}. Symbolic links are followed.
   *
   * @param what how messages name the file, e.g. {@code "The JMH result"}
   * @return the file's size in bytes
   */
  public static long requireRegularFile(Path file, String what, long maxBytes)
      throws InputException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new InputException(file, what + " " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new InputException(
          file, what + " " + file + " cannot be read: " + e.getMessage() + ".", e);
    }
    if (attributes.isDirectory()) {
      throw new InputException(file, what + " " + file + " is a folder, not a file.");
    }
    if (!attributes.isRegularFile()) {
      throw new InputException(
          file,
          what
              + " "
              + file
              + " is not a regular file (a FIFO, socket or device), so Redline does not open it.");
    }
    if (attributes.size() > maxBytes) {
      throw new InputException(
          file,
          what
              + " "
              + file
              + " is "
              + mebibytes(attributes.size())
              + ", more than the "
              + mebibytes(maxBytes)
              + " Redline reads.");
    }
    return attributes.size();
  }

  /** {@code 64 MiB}, {@code 150.3 MiB}. */
  public static String mebibytes(long bytes) {
    double mib = bytes / (1024.0 * 1024.0);
    return mib == Math.rint(mib)
        ? String.format(Locale.ROOT, "%.0f MiB", mib)
        : String.format(Locale.ROOT, "%.1f MiB", mib);
  }
}
