package dev.redline.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void prMixReplacesTheNamedWeightsOnly() {
    PullRequestSimulation.Mix m = PullRequestSimulation.MIX.with("config=40, dashboard=0");
    assertEquals(40, m.weights()[m.names().indexOf("config")]);
    assertEquals(0, m.weights()[m.names().indexOf("dashboard")]);
    assertEquals(17, m.weights()[m.names().indexOf("model")]);
    assertEquals(
        "dashboard=0,list=6,date-range=6,filtered=12,deep-page=6,config=40,model=17,create=12",
        m.toString());
    assertEquals(
        PullRequestSimulation.MIX.toString(), PullRequestSimulation.MIX.with("").toString());
  }

  @Test
  void aBadPrMixEntryIsNamed() {
    for (String bad :
        new String[] {"configs=5", "config=-1", "config=x", "config", "config=1001"}) {
      var e =
          assertThrows(IllegalArgumentException.class, () -> PullRequestSimulation.MIX.with(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PullRequestSimulation.MIX.with(
                    "dashboard=0,list=0,date-range=0,filtered=0,deep-page=0,config=0,model=0,create=0"));
    assertTrue(e.getMessage().contains("every weight at 0"), e.getMessage());
  }
}
