package dev.redline.checker.cli;

import dev.redline.checker.ingest.RunOverrides;
import picocli.CommandLine.Option;

/** What the result files cannot say about themselves; each overrides what was detected. */
public final class RunOptions implements RunOverrides {
  @Option(
      names = "--suite",
      paramLabel = "NAME",
      defaultValue = "${env:REDLINE_SUITE}",
      description = {
        "Suite name of the runs read.",
        "Env: REDLINE_SUITE. Default: the Gatling simulation's simple class name, or 'jmh'."
      })
  String suite;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      defaultValue = "${env:REDLINE_PROFILE:-default}",
      description = {
        "Load profile of the runs read (load, stress, spike, soak, pr, quick, full, ...).",
        "Env: REDLINE_PROFILE. Default: ${DEFAULT-VALUE}."
      })
  String profile;

  @Option(
      names = "--branch",
      paramLabel = "NAME",
      defaultValue = "${env:REDLINE_BRANCH}",
      description = {
        "Git branch the runs measured.",
        "Env: REDLINE_BRANCH. Default: detected from git where the results are, else 'unknown'."
      })
  String branch;

  @Option(
      names = "--commit",
      paramLabel = "SHA",
      defaultValue = "${env:REDLINE_COMMIT}",
      description = {
        "Git commit the runs measured.",
        "Env: REDLINE_COMMIT. Default: detected from git where the results are, else 'unknown'."
      })
  String commit;

  @Override
  public String suite() {
    return suite;
  }

  @Override
  public String profile() {
    return profile;
  }

  @Override
  public String branch() {
    return branch;
  }

  @Override
  public String commit() {
    return commit;
  }
}
