package dev.redline.checker.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

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
    return STAMP.format(start)
        + "-"
        + (slug.isEmpty() ? "run" : slug)
        + "-"
        + String.format("%08x", contentHash(start, suite, measurements));
  }

  /**
   * A hash of what was measured, so the same result files always make the same id: ingesting them
   * twice is recognised (not stored twice), and a run is never its own history baseline.
   */
  private static int contentHash(Instant start, String suite, List<Measurement> measurements) {
    List<String> parts = new ArrayList<>();
    for (Measurement m : measurements) {
      parts.add(m.key() + "=" + Double.doubleToLongBits(m.value()));
    }
    Collections.sort(parts);
    int h = 31 * start.hashCode() + suite.hashCode();
    for (String part : parts) {
      h = 31 * h + part.hashCode();
    }
    return h;
  }

  /** True when {@code id} can be used as a file name in a history folder. */
  public static boolean isSafe(String id) {
    return id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  }
}
