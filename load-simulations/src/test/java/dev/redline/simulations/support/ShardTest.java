package dev.redline.simulations.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardTest {

  @Test
  void shardRatesSumToTheTotalAtEveryCount() {
    for (int count = 1; count <= 7; count++) {
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += new Shard(i, count).rate(613.5);
      }
      assertEquals(613.5, sum, 1e-9, "count " + count);
    }
  }

  @Test
  void everyShardKeepsTheShapeOfAStaircase() {
    Shard shard = new Shard(1, 3);
    // each level is the same fraction of the whole: the shape is the profile's, scaled
    assertEquals(shard.rate(100) / 100, shard.rate(600) / 600, 1e-12);
  }

  @Test
  void tokenSlicesAreDisjointAndCoverThePool() {
    for (int usable : new int[] {3, 10, 499, 1000}) {
      for (int count = 1; count <= Math.min(usable, 7); count++) {
        Set<Integer> seen = new HashSet<>();
        int previousLast = 0;
        for (int i = 0; i < count; i++) {
          Shard.TokenRange r = new Shard(i, count).tokens(usable);
          assertEquals(previousLast + 1, r.first(), "slices are contiguous, in shard order");
          assertTrue(r.size() >= usable / count && r.size() <= usable / count + 1);
          for (int t = r.first(); t <= r.last(); t++) {
            assertTrue(seen.add(t), "token " + t + " is in two shards of " + count);
          }
          previousLast = r.last();
        }
        assertEquals(usable, seen.size(), usable + " tokens over " + count + " shards");
      }
    }
  }

  @Test
  void oneShardIsTheWholeRun() {
    assertEquals(42.0, Shard.WHOLE.rate(42.0));
    assertEquals(new Shard.TokenRange(1, 499), Shard.WHOLE.tokens(499));
    assertEquals(7L, Shard.WHOLE.seed(7L));
  }

  @Test
  void shardsOfOneSeedDrawDifferently() {
    Set<Long> seeds = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      seeds.add(new Shard(i, 3).seed(7L));
    }
    assertEquals(3, seeds.size());
    assertEquals(new Shard(2, 3).seed(7L), new Shard(2, 3).seed(7L));
  }

  @Test
  void refusesAnIndexOutsideTheCount() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Shard(3, 3));
    assertTrue(e.getMessage().contains("-Dshard.index=3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Shard(0, 0));
  }

  @Test
  void refusesAPoolSmallerThanTheShardCount() {
    Properties p = new Properties();
    p.setProperty("tokenCount", "3");
    p.setProperty("shard.count", "4");
    p.setProperty("shard.index", "0");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SimulationConfig(p));
    assertTrue(e.getMessage().contains("-Dshard.count=4"), e.getMessage());
  }

  @Test
  void readsTheShardFromSystemPropertiesStyleSettings() {
    Properties p = new Properties();
    p.setProperty("shard.index", "2");
    p.setProperty("shard.count", "3");
    SimulationConfig config = new SimulationConfig(p);
    assertEquals(2, config.shard.index);
    assertTrue(config.describe().contains("shard=2/3"), config.describe());
    assertThrows(
        IllegalArgumentException.class,
        () -> {
          Properties bad = new Properties();
          bad.setProperty("shard.count", "three");
          Shard.from(bad);
        });
  }
}
