package dev.redline.simulations.support;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The distinct users of a throughput run: the tokens {@code load-token-1} .. {@code load-token-N}
 * that platform-api's {@code load} profile provisions (all admin), so every virtual user is its own
 * platform user and per-user rate limits stay on and realistic.
 *
 * <p>The last token is reserved for the rate-limit scenario's over-limit user, so no other
 * simulation of the same build spends its budget.
 */
public final class Tokens {

  /** Session attribute holding the current virtual user's token. */
  public static final String TOKEN = "token";

  private Tokens() {}

  /**
   * An endless feeder over tokens 1..N-1 (in a sharded run, this shard's slice of them), starting
   * at a random one so successive simulations against the same platform spread over the pool
   * instead of reusing the first tokens.
   */
  public static Iterator<Map<String, Object>> pool(SimulationConfig config) {
    Shard.TokenRange range = config.shard.tokens(config.tokenCount - 1);
    int usable = range.size();
    int first = range.first();
    AtomicLong next = new AtomicLong(ThreadLocalRandom.current().nextInt(usable));
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Map<String, Object> next() {
        long index = Math.floorMod(next.getAndIncrement(), usable);
        return Map.of(TOKEN, config.tokenPrefix + (first + index));
      }
    };
  }

  /** The token reserved for the one user that the rate-limit scenario drives past its limit. */
  public static String reservedForRateLimit(SimulationConfig config) {
    return config.tokenPrefix + config.tokenCount;
  }
}
