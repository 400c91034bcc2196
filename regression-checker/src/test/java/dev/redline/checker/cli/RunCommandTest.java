package dev.redline.checker.cli;

import static dev.redline.checker.cli.Cli.redline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code redline run}'s usage errors: exit 2 with a sentence naming the bad value, as run.sh did.
 */
class RunCommandTest {

  @Test
  void anUnknownSuiteIsNamed() {
    Cli.Result r = redline("run", "nosuch");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown suite 'nosuch'").contains("mixed, dashboard");
  }

  @Test
  void anUnknownProfileOrSizeIsNamed() {
    assertThat(redline("run", "--profile", "burst").err()).contains("unknown profile 'burst'");
    assertThat(redline("run", "--size", "huge").err()).contains("unknown size 'huge'");
  }

  @Test
  void durationIsForTheSoakOnlyAndMustLookLikeOne() {
    Cli.Result notSoak = redline("run", "--duration", "2m");
    assertThat(notSoak.code()).isEqualTo(2);
    assertThat(notSoak.err()).contains("--duration applies to the soak profile only");
    Cli.Result bad = redline("run", "--profile", "soak", "--duration", "2h");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--duration must look like 90s, 2m or 30m; got '2h'");
  }

  @Test
  void injectorsAreCountedAndShardOnlyAnOpenModel() {
    Cli.Result none = redline("run", "--injectors", "0");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("--injectors must be 1 to 16, got 0");
    Cli.Result stress = redline("run", "--injectors", "3", "--profile", "stress");
    assertThat(stress.code()).isEqualTo(2);
    assertThat(stress.err()).contains("--injectors 3 shards an open-model arrival rate");
  }

  @Test
  void aShapeIsForASuiteWithARequestChain() {
    Cli.Result r = redline("run", "websocket", "--profile", "stress");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("--profile stress plays the request chain of mixed, dashboard, sessions, config")
        .contains("suite 'websocket'");
  }

  @Test
  void oneSuiteAtATime() {
    Cli.Result r = redline("run", "mixed", "config");
    assertThat(r.code()).isEqualTo(2);
  }

  @Test
  void helpListsTheOptionsAndExitCodes() {
    Cli.Result r = redline("run", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--jfr").contains("--size").contains("REDLINE_RUN_RPS");
    assertThat(r.out()).contains("1  regression or a failed simulation assertion");
  }
}
