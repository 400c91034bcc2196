package dev.redline.simulations.journeys;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.roundRobinSwitch;

import dev.redline.simulations.endpoints.SessionEndpoints;
import dev.redline.simulations.support.Dice;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.random.RandomGenerator;

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
          RandomGenerator random = Dice.of(session, 1);
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

  /**
   * A list query no cache has seen: statuses and a creation range whose ends fall on random seconds
   * of the last 90 days, so almost every request is a cache miss that runs the page and the total
   * in PostgreSQL (a regression in either shows in its time).
   */
  public static ChainBuilder distinctFilteredQuery() {
    return exec(session -> {
          RandomGenerator random = Dice.of(session, 2);
          Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
          Instant after = now.minusSeconds(random.nextLong(90L * 24 * 3600));
          Instant before =
              random.nextInt(4) == 0
                  ? now.plusSeconds(60)
                  : after.plusSeconds(1 + random.nextLong(30L * 24 * 3600));
          return session
              .set("statusQuery", STATUS_QUERIES.get(random.nextInt(STATUS_QUERIES.size())))
              .set("createdAfter", after.toString())
              .set("createdBefore", before.toString());
        })
        .exec(SessionEndpoints.listFiltered());
  }

  /** A single list query with random filters, for the shaped runs. */
  public static ChainBuilder oneListQuery() {
    return exec(pickFilters()).exec(SessionEndpoints.listByStatus());
  }
}
