package dev.redline.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PullRequestMixTest {

  @Test
  void drawsEachRequestInProportionToItsWeight() {
    SplittableRandom random = new SplittableRandom(1);
    Map<String, Integer> counts = new HashMap<>();
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      counts.merge(PullRequestSimulation.MIX.pick(random), 1, Integer::sum);
    }
    int[] weights = PullRequestSimulation.MIX.weights();
    for (int i = 0; i < weights.length; i++) {
      String name = PullRequestSimulation.MIX.names().get(i);
      double share = 100.0 * counts.getOrDefault(name, 0) / n;
      assertEquals(weights[i], share, 0.6, name + " share of arrivals in percent");
    }
  }

  @Test
  void oneSeedGivesOneSequence() {
    SplittableRandom a = new SplittableRandom(99);
    SplittableRandom b = new SplittableRandom(99);
    for (int i = 0; i < 1_000; i++) {
      assertEquals(PullRequestSimulation.MIX.pick(a), PullRequestSimulation.MIX.pick(b));
    }
  }
}
