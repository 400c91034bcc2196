package dev.redline.platform.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SessionEngineIT extends ApiIT {

  @Autowired SessionEngine engine;
  @Autowired SessionEventPublisher publisher;

  @Test
  void advancesFinishesAndPromotesSessionsAndPublishesEachChange() throws Exception {
    List<SessionEvent> seen = new CopyOnWriteArrayList<>();
    long finishedBefore =
        sql("SELECT count(*) FROM sessions WHERE status IN ('completed','failed')");
    try (AutoCloseable sub = publisher.subscribe(seen::add)) {
      List<SessionEvent> events = List.of();
      for (int i = 0; i < 40; i++) {
        events = engine.tick();
        if (events.stream().anyMatch(e -> e.status().finished())) {
          break;
        }
      }
      assertThat(seen).isNotEmpty();
      assertThat(seen).anyMatch(e -> e.type().equals(SessionEvent.PROGRESS));
      assertThat(seen)
          .anyMatch(
              e -> e.type().equals(SessionEvent.COMPLETED) || e.type().equals(SessionEvent.FAILED));
    }
    assertThat(sql("SELECT count(*) FROM sessions WHERE status IN ('completed','failed')"))
        .isGreaterThan(finishedBefore);
    // Finished sessions carry results; the counters still match the rows exactly.
    assertThat(
            sql(
                "SELECT count(*) FROM sessions WHERE status IN ('completed','failed')"
                    + " AND size_reduction_percent IS NULL"))
        .isZero();
    for (String st : List.of("queued", "running", "completed", "failed", "cancelled")) {
      assertThat(sql("SELECT session_count FROM session_stats_live WHERE status = ?", st))
          .as(st)
          .isEqualTo(sql("SELECT count(*) FROM sessions WHERE status = ?", st));
    }
    assertThat(sql("SELECT count(*) FROM sessions WHERE status = 'running'"))
        .isLessThanOrEqualTo(200);
  }
}
