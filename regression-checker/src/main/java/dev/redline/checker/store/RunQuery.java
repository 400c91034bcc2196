package dev.redline.checker.store;

import dev.redline.checker.model.Run;

/**
 * Which runs to list; a {@code null} field matches anything.
 *
 * @param suite simulation or benchmark suite name
 * @param profile load profile
 * @param branch git branch
 * @param machine machine fingerprint
 */
public record RunQuery(String suite, String profile, String branch, String machine) {

  public static RunQuery all() {
    return new RunQuery(null, null, null, null);
  }

  /** The runs that could serve as a history baseline for {@code run} on {@code branch}. */
  public static RunQuery baselineFor(Run run, String branch) {
    return new RunQuery(run.suite(), run.profile(), branch, run.machine());
  }

  public boolean matches(Run run) {
    return (suite == null || suite.equals(run.suite()))
        && (profile == null || profile.equals(run.profile()))
        && (branch == null || branch.equals(run.branch()))
        && (machine == null || machine.equals(run.machine()));
  }
}
