package dev.redline.platform.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.platform.system.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionQueryTest {

  private static SessionQuery parse(
      List<String> status,
      String model,
      String after,
      String before,
      String limit,
      String offset,
      String cursor) {
    return SessionQuery.parse(status, model, after, before, limit, offset, cursor);
  }

  private static void assertField(Runnable r, String field, int status) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.problem().errors()).extracting("field").containsExactly(field);
            });
  }

  @Test
  void appliesDefaults() {
    SessionQuery q = parse(null, null, null, null, null, null, null);
    assertThat(q.limit()).isEqualTo(50);
    assertThat(q.offset()).isZero();
    assertThat(q.statuses()).isEmpty();
  }

  @Test
  void acceptsRepeatedAndCommaSeparatedStatuses() {
    SessionQuery q = parse(List.of("running", "failed,queued"), null, null, null, null, null, null);
    assertThat(q.statuses())
        .containsExactlyInAnyOrder(
            SessionStatus.RUNNING, SessionStatus.FAILED, SessionStatus.QUEUED);
  }

  @Test
  void rejectsEachBadParameterByName() {
    assertField(() -> parse(List.of("done"), null, null, null, null, null, null), "status", 400);
    assertField(() -> parse(null, null, null, null, "0", null, null), "limit", 400);
    assertField(() -> parse(null, null, null, null, "100000", null, null), "limit", 400);
    assertField(() -> parse(null, "zzz", null, null, null, null, null), "model_id", 400);
    assertField(
        () -> parse(null, null, "2025-02-30T00:00:00Z", null, null, null, null),
        "created_after",
        400);
    assertField(
        () -> parse(null, null, "2025-02-01T00:00:00Z", "2025-01-01T00:00:00Z", null, null, null),
        "created_before",
        400);
    assertField(() -> parse(null, null, null, null, null, "1", "abc"), "cursor", 400);
    assertField(() -> parse(null, null, null, null, null, null, "!!"), "cursor", 400);
  }

  @Test
  void roundTripsACursorToTheMicrosecond() {
    var c =
        new SessionQuery.Cursor(Instant.parse("2025-03-04T05:06:07.123456Z"), UUID.randomUUID());
    SessionQuery q = parse(null, null, null, null, null, null, c.encode());
    assertThat(q.cursor()).isEqualTo(c);
  }

  @Test
  void givesEqualQueriesEqualCacheKeys() {
    var a = parse(List.of("running", "queued"), null, null, null, "50", null, null);
    var b = parse(List.of("queued,running"), null, null, null, null, null, null);
    assertThat(a.cacheKey()).isEqualTo(b.cacheKey());
    assertThat(parse(null, null, null, null, "10", null, null).cacheKey())
        .isNotEqualTo(a.cacheKey());
  }
}
