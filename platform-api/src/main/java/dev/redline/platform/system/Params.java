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

  /** ISO-8601 with offset ({@code 2025-01-31T12:00:00Z}) or a bare date (start of day UTC). */
  public static Instant instant(String field, String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(raw).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw ApiException.badRequest(
            field, "must be an ISO-8601 date-time such as 2025-01-31T12:00:00Z, got '" + raw + "'");
      }
    }
  }
}
