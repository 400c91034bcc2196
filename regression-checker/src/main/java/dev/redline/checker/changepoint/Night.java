package dev.redline.checker.changepoint;

import dev.redline.checker.model.Run;
import java.time.Instant;

/**
 * One run of a nightly series, as change points and environment changes name it.
 *
 * @param runId the stored run's id
 * @param commit its commit
 * @param startedAt its start
 */
public record Night(String runId, String commit, Instant startedAt) {
  static Night of(Run run) {
    return new Night(run.id(), run.commit(), run.startedAt());
  }

  /** The commit abbreviated to 10 characters, for messages. */
  public String shortCommit() {
    return commit.length() > 10 ? commit.substring(0, 10) : commit;
  }
}
