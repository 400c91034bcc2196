package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundPlanTest {

  @Test
  void theSameSeedReplaysTheSamePlan() {
    assertThat(RoundPlan.of(2, 4, 1234)).isEqualTo(RoundPlan.of(2, 4, 1234));
  }

  @Test
  void differentSeedsGiveDifferentOrders() {
    long distinct =
        java.util.stream.LongStream.range(0, 20)
            .mapToObj(seed -> RoundPlan.of(1, 8, seed).rounds())
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(10);
  }

  @Test
  void eachForkBalancesWhoGoesFirstAndWhichCpuEachSideGets() {
    for (long seed = 0; seed < 50; seed++) {
      RoundPlan plan = RoundPlan.of(3, 4, seed);
      for (int fork = 1; fork <= 3; fork++) {
        List<RoundPlan.Round> rounds = plan.ofFork(fork);
        assertThat(rounds).hasSize(4);
        assertThat(rounds.stream().filter(RoundPlan.Round::baseFirst)).hasSize(2);
        assertThat(rounds.stream().filter(RoundPlan.Round::baseOnFirstCpu)).hasSize(2);
      }
    }
  }

  @Test
  void roundsAreNumberedAcrossForksInOrder() {
    RoundPlan plan = RoundPlan.of(2, 3, 7);
    assertThat(plan.rounds()).extracting(RoundPlan.Round::number).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(plan.rounds()).extracting(RoundPlan.Round::fork).containsExactly(1, 1, 1, 2, 2, 2);
  }

  @Test
  void refusesAnEmptyPlan() {
    assertThatThrownBy(() -> RoundPlan.of(0, 4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 x 4");
  }

  @Test
  void theSideTheRoundNamesStartsFirstAndTheResultStaysBaseThenHead() {
    for (boolean baseFirst : new boolean[] {true, false}) {
      RoundPlan.Round r = new RoundPlan.Round(1, 1, baseFirst, true, 7L);
      List<String> started = new java.util.ArrayList<>();
      List<String> pair =
          Gate.baseFirst(
              r,
              () -> {
                started.add("base");
                return "b";
              },
              () -> {
                started.add("head");
                return "h";
              });
      assertThat(pair).containsExactly("b", "h");
      assertThat(started).containsExactly(baseFirst ? "base" : "head", baseFirst ? "head" : "base");
    }
  }
}
