package dev.redline.checker.cli;

import static dev.redline.checker.cli.Cli.redline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code redline bench}'s usage errors: exit 2 with a sentence naming the bad value. */
class BenchCommandTest {

  @Test
  void anUnknownProfileIsNamed() {
    Cli.Result r = redline("bench", "--profile", "medium");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown profile 'medium'; use quick or full");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Cli.Result r = redline("bench", "--fast");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--fast");
  }

  @Test
  void helpListsTheOptionsAndExitCodes() {
    Cli.Result r = redline("bench", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("--profile")
        .contains("--report-dir")
        .contains("--no-compare")
        .contains("REDLINE_JMH_PROFILE")
        .contains("REDLINE_JMH_ARGS")
        .contains("1  regression");
  }
}
