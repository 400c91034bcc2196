package dev.redline.simulations.support;

import io.gatling.javaapi.core.Session;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The random draws of a virtual user. With {@code -Dseed=N} they are replayable: user k of a run
 * makes the same draws at the same call site in every run with that seed, so two platforms loaded
 * at once with one seed (the gate's duet rounds) get the same sequence of requests, and a route
 * that serves queries of very different cost sees the same mix on both sides instead of two random
 * samples of it. Without a seed the draws are {@link ThreadLocalRandom}'s.
 */
public final class Dice {
  /**
   * {@code -Dseed}, mixed with the shard index in a sharded run so shards draw differently; read
   * again by {@link #reload} before each run of a JVM that runs several ({@link InjectorServer}).
   */
  private static volatile Long SEED = seed(Long.getLong("seed"));

  private Dice() {}

  /**
   * A generator for {@code session}'s user at call site {@code site} (a constant of the caller, so
   * that two draws of one user at different places are not the same numbers).
   */
  public static RandomGenerator of(Session session, int site) {
    if (SEED == null) {
      return ThreadLocalRandom.current();
    }
    return new SplittableRandom(mix(SEED, session.userId(), site));
  }

  /** True when {@code -Dseed} was given. */
  public static boolean seeded() {
    return SEED != null;
  }

  /** Reads {@code -Dseed} (and the shard) from the system properties again. */
  public static void reload() {
    SEED = seed(Long.getLong("seed"));
  }

  private static Long seed(Long given) {
    return given == null ? null : Shard.from(System.getProperties()).seed(given);
  }

  static long mix(long seed, long user, int site) {
    // One SplitMix64 step per input keeps nearby users' and sites' seeds far apart.
    long h = seed;
    h = splitMix(h ^ user);
    h = splitMix(h ^ site);
    return h;
  }

  private static long splitMix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
