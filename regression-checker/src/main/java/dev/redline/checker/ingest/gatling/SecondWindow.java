package dev.redline.checker.ingest.gatling;

import dev.redline.checker.model.Samples.Distribution;

/**
 * One second of a run: the responses that completed in it (by response end time) and the users
 * alive in it.
 *
 * @param epochSecond the window is [epochSecond, epochSecond + 1) in Unix seconds
 * @param ok responses that completed OK in this second
 * @param ko responses that completed KO in this second
 * @param okTimesMs the exact response times of the OK responses, ms
 * @param usersStarted virtual users that started in this second (whole run, all scenarios)
 * @param usersEnded virtual users that ended in this second (whole run, all scenarios)
 * @param activeUsers users alive at some moment of this second: started before its end minus ended
 *     before its start (the way Gatling's "active users" chart counts)
 */
public record SecondWindow(
    long epochSecond,
    long ok,
    long ko,
    Distribution okTimesMs,
    long usersStarted,
    long usersEnded,
    long activeUsers) {

  /** Responses completed in this second, OK and KO; equals the rate in requests per second. */
  public long requests() {
    return ok + ko;
  }

  /** Nearest-rank 95th percentile of this second's OK response times, ms; NaN when none. */
  public double p95Ms() {
    return okTimesMs.quantile(0.95);
  }
}
