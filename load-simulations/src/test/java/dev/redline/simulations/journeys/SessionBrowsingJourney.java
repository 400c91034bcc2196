package dev.redline.simulations.journeys;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.roundRobinSwitch;

import dev.redline.simulations.endpoints.SessionEndpoints;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A team lead browsing optimization sessions: by status, by model, by date range, by page. */
public final class SessionBrowsingJourney {

  private static final List<String> STATUS_QUERIES =
      List.of(
          "status=queued",
          "status=running",
          "status=completed",
          "status=failed&status=cancelled",
          "status=queued&status=running");

  private SessionBrowsingJourney() {}

  /** Picks this iteration's filter values: statuses, a 1..30-day range, a page offset. */
  static ChainBuilder pickFilters() {
    return exec(
        session -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          Instant before =
              Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
          Instant after = before.minus(1 + random.nextInt(30), ChronoUnit.DAYS);
          return session
              .set("statusQuery", STATUS_QUERIES.get(random.nextInt(STATUS_QUERIES.size())))
              .set("createdAfter", after.toString())
              .set("createdBefore", before.toString())
              .set("offset", 50 * random.nextInt(3));
        });
  }

  /** {@code times} list queries, cycling through the four filter shapes. */
  public static ChainBuilder browse(int times) {
    return exec(Setup.pickModel())
        .exec(
            repeat(times)
                .on(
                    exec(pickFilters())
                        .exec(
                            roundRobinSwitch()
                                .on(
                                    exec(SessionEndpoints.listByStatus()),
                                    exec(SessionEndpoints.listByModel()),
                                    exec(SessionEndpoints.listByDateRange()),
                                    exec(SessionEndpoints.listPage())))));
  }

  /** A single list query with random filters, for the shaped runs. */
  public static ChainBuilder oneListQuery() {
    return exec(pickFilters()).exec(SessionEndpoints.listByStatus());
  }
}
