package dev.redline.bench.platform.ratelimit;

import dev.redline.platform.ratelimit.RateLimitDecision;
import dev.redline.platform.ratelimit.RateLimitGroup;
import dev.redline.platform.ratelimit.RateLimiter;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rate limiter under contention: one shared limiter, threads in {@code @Group}s.
 *
 * <ul>
 *   <li>{@code hotUser}: two threads check the same user (one client on two connections), so both
 *       update one window under its lock: the limiter's worst case.
 *   <li>{@code mixed}: a writer thread hammers one user's window while a reader thread checks 1,024
 *       other known users (map lookups, their own windows): does one noisy client slow the others?
 *       The reader's score is the one that matters.
 * </ul>
 *
 * New users are not a steady state (the limiter keeps every user it has seen), so every user here
 * is known before measuring. Two threads per group because the reference machine has two cores;
 * raise {@code -tg} on bigger ones. Limits are {@code Integer.MAX_VALUE} and the limiter is rebuilt
 * per iteration, so no check is denied.
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar ContendedRateLimiterBenchmark
 * -prof gc}
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ContendedRateLimiterBenchmark {

  private static final long HOT_USER = 7;
  private static final int USERS = RateLimiterBenchmark.USERS;
  private static final long NOW_MILLIS = RateLimiterBenchmark.NOW_MILLIS;

  private long[] userOrder;
  private RateLimiter limiter;

  @Setup(Level.Trial)
  public void setUpUsers() {
    SplittableRandom random = new SplittableRandom(42);
    userOrder = new long[USERS];
    for (int i = 0; i < USERS; i++) {
      userOrder[i] = 1_000 + random.nextLong(1_000_000);
    }
  }

  @Setup(Level.Iteration)
  public void setUpLimiter() {
    limiter = RateLimiterBenchmark.unlimited();
    limiter.tryAcquire(HOT_USER, RateLimitGroup.DASHBOARD, NOW_MILLIS);
    for (long user : userOrder) {
      limiter.tryAcquire(user, RateLimitGroup.DASHBOARD, NOW_MILLIS);
    }
  }

  /** Each reader thread's own position in the user order. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  @Group("hotUser")
  @GroupThreads(2)
  public RateLimitDecision hotUser() {
    return limiter.tryAcquire(HOT_USER, RateLimitGroup.DASHBOARD, NOW_MILLIS);
  }

  @Benchmark
  @Group("mixed")
  @GroupThreads(1)
  public RateLimitDecision writer() {
    return limiter.tryAcquire(HOT_USER, RateLimitGroup.DASHBOARD, NOW_MILLIS);
  }

  @Benchmark
  @Group("mixed")
  @GroupThreads(1)
  public RateLimitDecision reader(Cursor cursor) {
    long user = userOrder[cursor.next];
    cursor.next = (cursor.next + 1) & (USERS - 1);
    return limiter.tryAcquire(user, RateLimitGroup.DASHBOARD, NOW_MILLIS);
  }
}
