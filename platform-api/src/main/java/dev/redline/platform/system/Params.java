package dev.redline.platform.system;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Query-parameter parsing that names the parameter in its 400 instead of failing generically. */
public final class Params {

  private Params() {}

  public static int intInRange(String field, String raw, int dflt, int min, int max) {
    if (raw == null) {
      return dflt;
    }
    int v;
    try {
      v = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(field, "must be an integer between " + min + " and " + max);
    }
    if (v < min || v > max) {
      throw ApiException.badRequest(field, "must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  public static UUID uuid(String field, String raw) {
    if (raw == null) {
      return null;
    }
    try {
      if (raw.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(field, "must be a UUID, got '" + raw + "'");
    }
  }

  /** The earliest instant a date parameter may name: 0001-01-01T00:00:00Z. */
  public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

  /**
   * The first instant after the latest a date parameter may name: 10000-01-01T00:00:00Z. Years
   * outside 1..9999 are mistakes, and some (before 4713 BC, after 294276) are outside PostgreSQL's
   * range, which answered them with a 500.
   */
  public static final Instant END_INSTANT = Instant.parse("+10000-01-01T00:00:00Z");

  /**
   * ISO-8601 with offset ({@code 2025-01-31T12:00:00Z}) or a bare date (start of day UTC), in the
   * years 1 to 9999.
   */
  public static Instant instant(String field, String raw) {
    if (raw == null) {
      return null;
    }
    Instant t;
    try {
      t = OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      try {
        t = java.time.LocalDate.parse(raw).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw ApiException.badRequest(
            field, "must be an ISO-8601 date-time such as 2025-01-31T12:00:00Z, got '" + raw + "'");
      }
    }
    if (!inRange(t)) {
      throw ApiException.badRequest(
          field, "must be in the years 0001 to 9999 (UTC), got '" + raw + "'");
    }
    return t;
  }

  /** Whether {@code t} lies in the years 1 to 9999 (UTC). */
  public static boolean inRange(Instant t) {
    return !t.isBefore(MIN_INSTANT) && t.isBefore(END_INSTANT);
  }
}
