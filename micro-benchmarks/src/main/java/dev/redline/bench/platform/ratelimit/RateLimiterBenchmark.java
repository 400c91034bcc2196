package dev.redline.bench.platform.ratelimit;

import dev.redline.platform.ratelimit.FixedWindowRateLimiter;
import dev.redline.platform.ratelimit.RateLimitDecision;
import dev.redline.platform.ratelimit.RateLimitGroup;
import dev.redline.platform.ratelimit.RateLimiter;
import dev.redline.platform.ratelimit.RateLimits;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rate limiter's per-request check ({@code RateLimitFilter} calls it once per API request), one
 * thread:
 *
 * <ul>
 *   <li>{@link #allowed}: 1,024 known users in a seeded random order, each within its budget;
 *   <li>{@link #denied}: one user over its dashboard budget (60 per minute), the 429 path;
 *   <li>{@link #baselineUserLookup}: the user order alone (array read and index step), the loop's
 *       floor.
 * </ul>
 *
 * The clock is fixed (only differences matter to the limiter) and the limiter is rebuilt every
 * iteration with limits of {@code Integer.MAX_VALUE}, so {@code allowed} never reaches a limit.
 * Contended checks: {@link ContendedRateLimiterBenchmark}.
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar 'ratelimit.RateLimiterBenchmark'
 * -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RateLimiterBenchmark {

  /** Distinct users: more than fit one cache line's worth of map nodes, fewer than the L2. */
  static final int USERS = 1_024;

  static final long NOW_MILLIS = 1_750_000_000_000L;

  private long[] userOrder;
  private int next;
  private RateLimiter open;
  private RateLimiter strict;

  @Setup(Level.Trial)
  public void setUpUsers() {
    SplittableRandom random = new SplittableRandom(42);
    userOrder = new long[USERS];
    for (int i = 0; i < USERS; i++) {
      userOrder[i] = 1 + random.nextLong(1_000_000);
    }
  }

  /** Fresh limiters, so counts start at 0 each iteration; every user is seen once beforehand. */
  @Setup(Level.Iteration)
  public void setUpLimiters() {
    open = unlimited();
    for (long user : userOrder) {
      open.tryAcquire(user, RateLimitGroup.SESSIONS, NOW_MILLIS);
    }
    strict = new FixedWindowRateLimiter(RateLimits.defaults());
    for (int i = 0; i <= RateLimits.defaults().limit(RateLimitGroup.DASHBOARD); i++) {
      strict.tryAcquire(7, RateLimitGroup.DASHBOARD, NOW_MILLIS);
    }
  }

  /** Limits of {@code Integer.MAX_VALUE} per minute: no benchmark run reaches them. */
  static RateLimiter unlimited() {
    return new FixedWindowRateLimiter(RateLimits.of(1, 1, 1, 1, 1, Integer.MAX_VALUE));
  }

  private long nextUser() {
    long user = userOrder[next];
    next = (next + 1) & (USERS - 1);
    return user;
  }

  @Benchmark
  public long baselineUserLookup() {
    return nextUser();
  }

  @Benchmark
  public RateLimitDecision allowed() {
    return open.tryAcquire(nextUser(), RateLimitGroup.SESSIONS, NOW_MILLIS);
  }

  @Benchmark
  public RateLimitDecision denied() {
    return strict.tryAcquire(7, RateLimitGroup.DASHBOARD, NOW_MILLIS);
  }
}
