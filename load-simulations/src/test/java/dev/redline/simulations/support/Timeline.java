package dev.redline.simulations.support;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ChainBuilder;
import java.util.Arrays;

/**
 * Every request of a shaped run (stress, spike, soak) as (start, response time, ok), kept in memory
 * so the run can report figures Gatling does not compute: the capacity knee, the time to recover
 * after a spike, the drift between the first and last window of a soak.
 *
 * <p>Requests record themselves through {@link #record()}, placed right after the request; the
 * request must save its response time with {@code responseTimeInMillis().saveAs(Timeline.RT)} as
 * its first check (every builder in {@code endpoints/} does). The same numbers are in the run's
 * simulation.log; this copy only saves decoding it.
 *
 * <p>Its cost to the injector, measured (2026-11-30, this 2-core machine, under the measure lock):
 * {@code add} took 57-184 ns with one thread and 132-498 ns with two threads doing nothing else
 * (the worst contention the lock can see), against about 5 ms of the injector's CPU per request at
 * the local run's 50 requests/s (13% of two cores); at the stress profile's 600/s Gatling's own
 * work per request is still some tens of microseconds, so the recorder stays below 1% of the
 * injector's CPU. Kept: decoding simulation.log inside the simulation would cost more.
 */
public final class Timeline {

  /** Session attribute the endpoints save each response time to, in milliseconds. */
  public static final String RT = "redline.rtMs";

  private long[] startMs = new long[4096];
  private int[] rtMs = new int[4096];
  private boolean[] ok = new boolean[4096];
  private int size;

  /** A step that records the request just made, then clears the user's failed flag. */
  public ChainBuilder record() {
    return exec(
        session -> {
          long now = System.currentTimeMillis();
          int rt = session.contains(RT) ? session.getInt(RT) : -1;
          add(rt >= 0 ? now - rt : now, rt, !session.isFailed());
          return session.remove(RT).markAsSucceeded();
        });
  }

  /** Adds one sample: wall-clock start in epoch ms, response time in ms (-1: none), ok. */
  public synchronized void add(long startEpochMs, int responseTimeMs, boolean succeeded) {
    if (size == startMs.length) {
      int grown = size * 2;
      startMs = Arrays.copyOf(startMs, grown);
      rtMs = Arrays.copyOf(rtMs, grown);
      ok = Arrays.copyOf(ok, grown);
    }
    startMs[size] = startEpochMs;
    rtMs[size] = responseTimeMs;
    ok[size] = succeeded;
    size++;
  }

  /** Number of samples recorded so far. */
  public synchronized int size() {
    return size;
  }

  /**
   * The samples' figures in a window, in seconds since the first sample's start: {@code [fromS,
   * toS)}. Requests without a response time (connection refused, timeouts) count as errors only.
   */
  public synchronized Window window(double fromS, double toS) {
    long origin = origin();
    long from = origin + Math.round(fromS * 1000);
    long to = origin + Math.round(toS * 1000);
    int[] times = new int[size];
    int timed = 0;
    int count = 0;
    int errors = 0;
    for (int i = 0; i < size; i++) {
      if (startMs[i] < from || startMs[i] >= to) {
        continue;
      }
      count++;
      if (!ok[i]) {
        errors++;
      }
      if (rtMs[i] >= 0) {
        times[timed++] = rtMs[i];
      }
    }
    int[] sorted = Arrays.copyOf(times, timed);
    Arrays.sort(sorted);
    return new Window(fromS, toS, count, errors, sorted);
  }

  /** Seconds from the first sample's start to the last sample's start. */
  public synchronized double spanSeconds() {
    if (size == 0) {
      return 0;
    }
    long last = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      last = Math.max(last, startMs[i]);
    }
    return (last - origin()) / 1000.0;
  }

  private long origin() {
    long first = Long.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      first = Math.min(first, startMs[i]);
    }
    return size == 0 ? 0 : first;
  }

  /** Figures of one time window; percentiles by nearest rank, in milliseconds. */
  public record Window(double fromS, double toS, int count, int errors, int[] sortedMs) {

    /** Requests started per second in this window. */
    public double rps() {
      return count / (toS - fromS);
    }

    /** Errors as a percentage of requests, 0 for an empty window. */
    public double errorPercent() {
      return count == 0 ? 0 : 100.0 * errors / count;
    }

    /** The p-th percentile (0 < p <= 100) of response times, or -1 when nothing was timed. */
    public int percentileMs(double p) {
      if (sortedMs.length == 0) {
        return -1;
      }
      int rank = (int) Math.ceil(p / 100.0 * sortedMs.length);
      return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, rank - 1))];
    }
  }
}
