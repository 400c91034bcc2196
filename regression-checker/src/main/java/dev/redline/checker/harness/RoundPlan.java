package dev.redline.checker.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The gate's measuring schedule: {@code forks} pairs of platform JVMs, {@code rounds} rounds each;
 * in each round base and head are measured once. What alternates is drawn from a seed, so a gate
 * can be replayed: which side goes (or, in duet modes, starts) first, and in pinned mode which core
 * each side is pinned to. Within a fork the two arrangements are balanced (each used {@code rounds
 * / 2} times, the odd one drawn), in a random order, so neither side can own the first slot or the
 * quieter core.
 */
public record RoundPlan(long seed, List<Round> rounds) {

  /**
   * One round.
   *
   * @param fork 1-based fork (platform JVM pair) it runs on
   * @param number 1-based number among all rounds
   * @param baseFirst sequential mode: base is measured before head; duet mode: base's injector (and
   *     /ws client) starts before head's
   * @param baseOnFirstCpu pinned mode: base is pinned to the first CPU, head to the second
   * @param loadSeed the seed of the round's request sequence, the same for base and head (so both
   *     serve the same requests in the same order), another in every round
   */
  public record Round(
      int fork, int number, boolean baseFirst, boolean baseOnFirstCpu, long loadSeed) {}

  public static RoundPlan of(int forks, int roundsPerFork, long seed) {
    if (forks < 1 || roundsPerFork < 1) {
      throw new IllegalArgumentException(
          "a round plan needs at least one fork and one round, got "
              + forks
              + " x "
              + roundsPerFork);
    }
    Random random = new Random(seed);
    List<Round> all = new ArrayList<>();
    for (int f = 1; f <= forks; f++) {
      List<Boolean> order = balanced(roundsPerFork, random);
      List<Boolean> cpu = balanced(roundsPerFork, random);
      for (int r = 0; r < roundsPerFork; r++) {
        int number = all.size() + 1;
        all.add(new Round(f, number, order.get(r), cpu.get(r), seed * 1_000_003L + number));
      }
    }
    return new RoundPlan(seed, List.copyOf(all));
  }

  private static List<Boolean> balanced(int n, Random random) {
    List<Boolean> list = new ArrayList<>();
    for (int i = 0; i < n / 2; i++) {
      list.add(true);
      list.add(false);
    }
    if (n % 2 == 1) {
      list.add(random.nextBoolean());
    }
    Collections.shuffle(list, random);
    return list;
  }

  public List<Round> ofFork(int fork) {
    return rounds.stream().filter(r -> r.fork() == fork).toList();
  }
}
