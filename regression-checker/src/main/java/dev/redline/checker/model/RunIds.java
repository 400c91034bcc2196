package dev.redline.checker.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run ids: {@code <UTC start>-<suite slug>-<8 hex>}, sortable by start time, safe as file names.
 */
public final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RunIds() {}

  static String newId(Instant start, String suite, List<Measurement> measurements) {
    String slug =
        suite.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    if (slug.length() > 40) {
      slug = slug.substring(slug.length() - 40);
    }
    // Random suffix: two ingests of the same files are two runs, and ids never collide.
    int salt = ThreadLocalRandom.current().nextInt() ^ measurements.hashCode();
    return STAMP.format(start)
        + "-"
        + (slug.isEmpty() ? "run" : slug)
        + "-"
        + String.format("%08x", salt);
  }

  /** True when {@code id} can be used as a file name in a history folder. */
  public static boolean isSafe(String id) {
    return id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  }
}
