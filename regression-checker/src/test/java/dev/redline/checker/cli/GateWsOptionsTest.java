package dev.redline.checker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad /ws window settings stop the gate before it builds or starts anything: exit 2, named. */
class GateWsOptionsTest {

  @Test
  void aNegativeWsSecondsIsNamed() {
    Cli.Result r = Cli.redline("gate", "--base", "HEAD", "--ws-seconds", "-1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--ws-seconds").contains("got -1").hasLineCount(1);
  }

  @Test
  void tooManyOrNoWsClientsAreNamed() {
    Cli.Result many = Cli.redline("gate", "--base", "HEAD", "--ws-clients", "20000");
    assertThat(many.code()).isEqualTo(2);
    assertThat(many.err()).contains("--ws-clients must be 1 to 5000, got 20000");

    Cli.Result none = Cli.redline("calibrate", "--ws-clients", "0");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("--ws-clients must be 1 to 5000, got 0");
  }

  @Test
  void aWsSecondsThatIsNoNumberIsNamed() {
    Cli.Result r = Cli.redline("gate", "--base", "HEAD", "--ws-seconds", "ten");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--ws-seconds").contains("ten");
  }

  @Test
  void theHelpShowsTheDefaults() {
    Cli.Result r = Cli.redline("gate", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--ws-seconds=S").contains("default 0").contains("default 1000");
  }
}
