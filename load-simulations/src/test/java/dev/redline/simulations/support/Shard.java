package dev.redline.simulations.support;

import java.util.Locale;
import java.util.Properties;

/**
 * This injector's part of a run spread over several injector JVMs ({@code ./redline run --injectors
 * N}, or the Kubernetes Indexed Job where the completion index is the shard). Read from {@code
 * -Dshard.index} (0..count-1, default 0) and {@code -Dshard.count} (1..1,000, default 1).
 *
 * <p>Every open-model simulation injects {@link #rate} of each of its arrival rates, so the N
 * shards together keep the profile's shape and total; each shard draws its users from its own slice
 * of the token pool ({@link #tokens}) and its random draws from its own seed ({@link #seed}), so no
 * two shards replay the same request sequence or share a user's rate limit. One shard (the default)
 * is the run as it always was: same rates, whole pool, same seed.
 */
public final class Shard {
  /** Gatling users' random draws differ between shards by this mixing of the shard index. */
  private static final int SEED_SITE = 0x5EED;

  /** This shard's number, 0..count-1. */
  public final int index;

  /** How many shards the run has, 1..1,000. */
  public final int count;

  /** A contiguous slice of token numbers, {@code first..last} inclusive (1-based). */
  public record TokenRange(int first, int last) {
    /** How many tokens the slice holds. */
    public int size() {
      return last - first + 1;
    }
  }

  /** The one-injector run. */
  public static final Shard WHOLE = new Shard(0, 1);

  /** Shard {@code index} of {@code count}; fails with a sentence naming a bad value. */
  public Shard(int index, int count) {
    if (count < 1 || count > 1_000) {
      throw new IllegalArgumentException("-Dshard.count=" + count + " is out of range; 1..1000");
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "-Dshard.index="
              + index
              + " is out of range; expected 0.."
              + (count - 1)
              + " for -Dshard.count="
              + count);
    }
    this.index = index;
    this.count = count;
  }

  /** Reads {@code shard.index} and {@code shard.count} from {@code props}. */
  public static Shard from(Properties props) {
    return new Shard(integer(props, "shard.index", 0), integer(props, "shard.count", 1));
  }

  /** This shard's part of an arrival rate of {@code totalPerSecond} (the whole at one shard). */
  public double rate(double totalPerSecond) {
    return totalPerSecond / count;
  }

  /**
   * This shard's slice of token numbers {@code 1..usable}: the pool cut into {@code count}
   * contiguous slices whose sizes differ by at most one; together they are the whole pool.
   *
   * @throws IllegalArgumentException when the pool has fewer tokens than there are shards
   */
  public TokenRange tokens(int usable) {
    if (usable < count) {
      throw new IllegalArgumentException(
          "-DtokenCount leaves "
              + usable
              + " usable tokens for -Dshard.count="
              + count
              + " shards; give at least one token per shard (raise PLATFORM_LOAD_USERS and"
              + " -DtokenCount)");
    }
    long first = (long) usable * index / count;
    long next = (long) usable * (index + 1) / count;
    return new TokenRange((int) first + 1, (int) next);
  }

  /** The seed of this shard's random draws: {@code seed} itself at one shard. */
  public long seed(long seed) {
    return count == 1 ? seed : Dice.mix(seed, index, SEED_SITE);
  }

  /** {@code shard=i/N}, for the run's description line. */
  public String describe() {
    return String.format(Locale.ROOT, "shard=%d/%d", index, count);
  }

  private static int integer(Properties props, String key, int fallback) {
    String raw = props.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + key + "=" + raw + " is not a whole number", e);
    }
  }
}
