package dev.redline.checker.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Turns a command-line argument into a {@link Path}, also when the file's name is not valid in the
 * JVM's file-name encoding ({@code sun.jnu.encoding}, from the locale).
 *
 * <p>The JVM decodes its arguments with that encoding before {@code main} runs, replacing each byte
 * it cannot decode with U+FFFD: a name with byte 0xFF under a UTF-8 locale, or any non-ASCII name
 * under {@code LANG=C}. The original bytes are gone, so {@code Path.of} names another file (or,
 * when U+FFFD cannot be encoded, none). A folder listing still has the real bytes, and decodes them
 * the same way; so each such part of the path is looked up in its folder by its decoded name, and
 * the listed entry, which keeps the real bytes, is used. No library does this; the JDK has no raw
 * arguments.
 */
final class PathArguments implements CommandLine.ITypeConverter<Path> {
  private static final char REPLACEMENT = '\uFFFD';

  /** An argument that names no file and cannot be a path in this JVM's file-name encoding. */
  static final class UnnamablePathException extends CommandLine.TypeConversionException {
    UnnamablePathException(String sentence) {
      super(sentence);
    }
  }

  @Override
  public Path convert(String arg) {
    Path direct;
    try {
      direct = Path.of(arg);
    } catch (InvalidPathException e) {
      direct = null;
    }
    if (direct != null
        && (arg.indexOf(REPLACEMENT) < 0 || Files.exists(direct, LinkOption.NOFOLLOW_LINKS))) {
      return Files.exists(direct) ? direct : localRun(arg).orElse(direct);
    }
    Path found = onDisk(arg);
    if (found != null) {
      return found;
    }
    if (direct != null) {
      return direct;
    }
    throw new UnnamablePathException(
        "The path "
            + arg
            + " names no file, and it cannot be a file name in this JVM's file-name encoding ("
            + encoding()
            + "); run redline under a UTF-8 locale (e.g. LANG=C.UTF-8).");
  }

  /**
   * A local run named by its id, which is its folder's name under {@code .redline/runs} (or {@code
   * $REDLINE_HOME/runs}): {@code compare -c 20261130T022941Z-mixed-load}.
   */
  static java.util.Optional<Path> localRun(String arg) {
    if (arg.isEmpty() || arg.contains("/") || arg.startsWith(".")) {
      return java.util.Optional.empty();
    }
    String home = System.getenv("REDLINE_HOME");
    return localRun(
        arg,
        (home != null ? Path.of(home) : CommonOptions.repoRoot().resolve(".redline"))
            .resolve("runs"));
  }

  static java.util.Optional<Path> localRun(String arg, Path runs) {
    if (arg.isEmpty() || arg.contains("/") || arg.startsWith(".")) {
      return java.util.Optional.empty();
    }
    Path run = runs.resolve(arg);
    return Files.isDirectory(run) ? java.util.Optional.of(run) : java.util.Optional.empty();
  }

  static String encoding() {
    return System.getProperty("sun.jnu.encoding", "unknown");
  }

  /**
   * The one existing path whose parts, as this JVM decodes them, read {@code arg}; null when there
   * is none or more than one.
   */
  private static Path onDisk(String arg) {
    Path current = arg.startsWith("/") ? Path.of("/") : null;
    try {
      for (String part : arg.split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        if (part.indexOf(REPLACEMENT) < 0) {
          current = current == null ? Path.of(part) : current.resolve(part);
          continue;
        }
        List<Path> matches = new ArrayList<>(2);
        Path folder = current == null ? Path.of("") : current;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
          for (Path entry : entries) {
            if (entry.getFileName().toString().equals(part)) {
              matches.add(entry);
            }
          }
        }
        if (matches.size() != 1) {
          return null;
        }
        current = matches.get(0);
      }
    } catch (IOException | InvalidPathException e) {
      return null;
    }
    return current != null && Files.exists(current, LinkOption.NOFOLLOW_LINKS) ? current : null;
  }
}
