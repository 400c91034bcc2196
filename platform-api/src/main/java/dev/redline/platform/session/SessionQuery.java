package dev.redline.platform.session;

import dev.redline.platform.system.ApiException;
import dev.redline.platform.system.Params;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

/**
 * A validated list query. Pagination is either {@code offset} (0..100,000) or an opaque {@code
 * cursor} (keyset on created_at, id: stable under inserts and cheap at any depth).
 */
public record SessionQuery(
    EnumSet<SessionStatus> statuses,
    UUID modelId,
    Instant createdAfter,
    Instant createdBefore,
    int limit,
    int offset,
    Cursor cursor) {

  public static final int MAX_LIMIT = 200;
  public static final int MAX_OFFSET = 100_000;

  /** Position after the last row of a page (rows are ordered created_at DESC, id DESC). */
  public record Cursor(Instant createdAt, UUID id) {

    public String encode() {
      long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((micros + "_" + id).getBytes(StandardCharsets.US_ASCII));
    }

    static Cursor decode(String raw) {
      try {
        String s = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.US_ASCII);
        int sep = s.indexOf('_');
        long micros = Long.parseLong(s.substring(0, sep));
        UUID id = UUID.fromString(s.substring(sep + 1));
        Instant at =
            Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
        if (!Params.inRange(at)) {
          // Forged: rows only have times in this range, and PostgreSQL has no room for some.
          throw new IllegalArgumentException("cursor time out of range");
        }
        return new Cursor(at, id);
      } catch (RuntimeException e) {
        throw ApiException.badRequest("cursor", "is not a cursor this service issued");
      }
    }
  }

  /** Parses raw query parameters; every problem is a 400 naming the parameter. */
  public static SessionQuery parse(
      List<String> status,
      String modelId,
      String createdAfter,
      String createdBefore,
      String limit,
      String offset,
      String cursor) {
    EnumSet<SessionStatus> statuses = EnumSet.noneOf(SessionStatus.class);
    if (status != null) {
      for (String raw : status) {
        // Accept both ?status=a&status=b and ?status=a,b.
        for (String s : raw.split(",", -1)) {
          SessionStatus st = SessionStatus.fromWire(s.trim());
          if (st == null) {
            throw ApiException.badRequest(
                "status",
                "unknown status '" + s + "'; known: queued, running, completed, failed, cancelled");
          }
          statuses.add(st);
        }
      }
    }
    Instant after = Params.instant("created_after", createdAfter);
    Instant before = Params.instant("created_before", createdBefore);
    if (after != null && before != null && !after.isBefore(before)) {
      throw ApiException.badRequest("created_before", "must be later than created_after");
    }
    if (offset != null && cursor != null) {
      throw ApiException.badRequest("cursor", "cannot be combined with offset");
    }
    return new SessionQuery(
        statuses,
        Params.uuid("model_id", modelId),
        after,
        before,
        Params.intInRange("limit", limit, 50, 1, MAX_LIMIT),
        Params.intInRange("offset", offset, 0, 0, MAX_OFFSET),
        cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor.trim()));
  }

  /** A canonical key for the response cache (same meaning, same key). */
  public String cacheKey() {
    StringBuilder sb = new StringBuilder(96);
    for (SessionStatus s : statuses) {
      sb.append(s.ordinal());
    }
    sb.append('|').append(modelId).append('|').append(createdAfter).append('|');
    sb.append(createdBefore).append('|').append(limit).append('|').append(offset).append('|');
    if (cursor != null) {
      sb.append(cursor.createdAt()).append(cursor.id());
    }
    return sb.toString();
  }
}
