package dev.redline.checker.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/** Checks on an input file before it is opened. */
public final class InputFiles {
  private InputFiles() {}

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
