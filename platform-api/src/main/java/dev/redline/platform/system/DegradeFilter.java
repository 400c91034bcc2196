package dev.redline.platform.system;

import dev.redline.platform.system.DegradeSpec.Entry;
import dev.redline.platform.system.DegradeSpec.Kind;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The deliberate regressions the gate must catch ({@link DegradeSpec}), in proportion to what a
 * matching request's own work (everything after this filter: auth, rate limit, controller, writing
 * the response) costs: thread CPU time, allocated bytes and SQL round trips are added after that
 * work, measured on the request itself; wall time and time holding a shared lock before it, sized
 * from a moving average of the route's recent requests (a delay after the work would need the
 * response held back in a buffer). Registered by {@link DegradeConfig} just inside Spring's {@code
 * http.server.requests} observation and the starter's request-cost filter: the service's own
 * metrics see the regression, at the size asked for. Not registered at all when no entry is active.
 */
class DegradeFilter extends OncePerRequestFilter {

  /**
   * Request attribute of dispatches before an async one: their own wall ns, own CPU ns (less the
   * read inside each window), bytes, and the filter's own work in them (CPU_READS).
   */
  static final String PARTIAL = DegradeFilter.class.getName() + ".partial";

  /** Async dispatches too: a request whose body is read ahead runs its handler in one. */
  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  /** The statement of {@code query} entries, one round trip each. */
  static final String QUERY_SQL = "SELECT 1 /* platform.degrade */";

  /** The one lock {@code lock} entries hold, shared by every request of the JVM. */
  static final ReentrantLock LOCK = new ReentrantLock();

  /** Where burnt hashes and allocated arrays go, so the JIT can remove neither. */
  static volatile long hashSink;

  static volatile Object allocSink;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Hash rounds between two reads of the wall clock: about 0.1 us. */
  private static final int BURN_STEP = 64;

  /*
   * SWITCHED_OUT: a burn timed on the wall clock counts the time its thread was switched out as
   * burnt. On a loaded 2-core box (3 busy threads besides, 2026-12-02) a 10 ms burn so spent 0.46
   * to 0.61 of its time in CPU, and DegradeFilterTest's cpu:100 read 1.34x to 1.83x under a CI
   * build. A step is ~0.1 us, so two reads of the wall clock more than 5 us apart mean the thread
   * did not run in between (a switch to another thread and back alone takes a few us); only then
   * is the CPU clock read again (a system call: CPU_READS) and the rest burnt. Some such gaps are
   * counted as the thread's CPU time (idle box, 20 us burns: 3.4% had one, mean 62 us, and their
   * CPU rose by as much), so the gap is not simply added to the burn: the clock decides.
   */

  /** Two wall-clock reads in a burn further apart than this: the thread was switched out. */
  static final long SWITCHED_OUT_NANOS = 5_000;

  /**
   * Top-ups after one burn at most (each a read of the CPU clock and a burn): a bound for a clock
   * that does not move. A 40 ms burn with 9 threads runnable on 2 CPUs needed tens, and 4 left it
   * 10% short.
   */
  private static final int MAX_TOP_UPS = 1_000;

  /**
   * A burn at least this many reads of the CPU clock long is checked against that clock at its end
   * even when no switch was seen (the check costs at most 1% of the burn and comes out of it): gaps
   * shorter than {@link #SWITCHED_OUT_NANOS} go unseen, and under a CI build on 2 cores a 40 ms
   * burn so spent 0.83 of its share (2026-12-02, DegradeFilterTest). The PR suite's burns (tens of
   * microseconds) stay below it and read the clock only after a switch.
   */
  static final int CHECKED_BURN_READS = 100;

  /** Reads of the CPU clock made to top up a burn that was switched out: SWITCHED_OUT. */
  static final LongAdder TOP_UPS = new LongAdder();

  /*
   * CPU_READS: whatever the filter spends besides the burn comes on top of a cpu entry's share,
   * and on a KVM guest (kvm-clock, 2026-12-01) one read of the thread's CPU clock is a system call
   * of ~1.5 us, against 125-400 us of CPU for one of the PR suite's requests. The filter used to
   * read it five times before a burn that was at least one step long and read it between steps,
   * and parsed the path of every request: measured request by request in one JVM against the
   * same request through a no-op filter, cpu:5 cost +11% of a 125 us request, cpu:12 +16.5%,
   * cpu:20 +25%, and a request no entry matched +3.5% (the gate's cpu:5 heads read +8.6% to
   * +13.3% and failed). Now a request no entry can match is ruled out by its method and path
   * prefix, without parsing or clock reads (+1%); a matched cpu request read the CPU clock twice,
   * right around its own work; and the burn, timed on the wall clock (a vDSO read, ~25 ns; a burn
   * of microseconds is seldom preempted, and a guest without steal accounting counts a
   * descheduled vCPU as CPU time anyway), was the share less the filter's own work, that is the
   * wall time it spent before and after the request's own work and the two reads (one read's cost
   * is timed when the filter is made). Same measurement: cpu:5 +5.7% to +6.5%, cpu:12 +11.3% to
   * +12.8%, cpu:20 +20.3% to +22%, of 125 us and of 360 us requests. The wall time before the
   * request's work took a switch to other threads off the share (DegradeFilterTest, CI build:
   * cpu:100 at 1.69x), and capping it at a switch's length left real work out (the gate's cpu:5
   * then read +10% to +14% on the cached routes, 2026-12-02): so a request that a cpu entry may
   * match reads the CPU clock a third time, when the filter is entered, and its work before the
   * request's own is taken off as the clock says.
   */

  private static final int ALLOC_CHUNK = 16 * 1024;

  private final DegradeSpec spec;
  private final Supplier<DataSource> dataSource;

  /** The thread's CPU clock in nanoseconds: {@link #THREADS} in the service, a fake in tests. */
  private final LongSupplier cpuClock;

  /** What one read of {@link #cpuClock} costs, in CPU ns (0 without a cpu entry): CPU_READS. */
  private final long readNanos;

  /**
   * @param dataSource where {@code query} entries send their statements (resolved on first use)
   */
  DegradeFilter(DegradeSpec spec, Supplier<DataSource> dataSource) {
    this(spec, dataSource, THREADS::getCurrentThreadCpuTime);
  }

  DegradeFilter(DegradeSpec spec, Supplier<DataSource> dataSource, LongSupplier cpuClock) {
    this.spec = spec;
    this.dataSource = dataSource;
    this.cpuClock = cpuClock;
    this.readNanos = spec.entries().stream().anyMatch(e -> e.kind() == Kind.CPU) ? readCost() : 0;
    for (Entry e : spec.entries()) {
      wallNanos.put(e, new AtomicLong());
    }
  }

  /**
   * Per entry: a moving average (weight 1/32) of the wall time of the requests it matched, from
   * this filter to the end of the response. {@code latency} and {@code lock} add their share of it
   * before the request's own work, so the response is not held in a buffer (which would add its own
   * copy and leave the writing of the response out of the span that is scaled).
   */
  private final Map<Entry, AtomicLong> wallNanos = new IdentityHashMap<>();

  /** Refuses {@code cpu} and {@code alloc} entries on a JVM that cannot measure them. */
  static void checkMeasurable(DegradeSpec spec) {
    for (Entry e : spec.entries()) {
      if (e.kind() == Kind.CPU && !THREADS.isCurrentThreadCpuTimeSupported()) {
        throw new IllegalArgumentException(
            "PLATFORM_DEGRADE entry '" + e.text() + "': this JVM cannot measure thread CPU time");
      }
      if (e.kind() == Kind.ALLOC && !THREADS.isThreadAllocatedMemorySupported()) {
        throw new IllegalArgumentException(
            "PLATFORM_DEGRADE entry '"
                + e.text()
                + "': this JVM cannot measure a thread's allocated bytes");
      }
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    int may = spec.precheck(req.getMethod(), req.getRequestURI());
    if (may == 0) {
      chain.doFilter(req, res);
      return;
    }
    // The filter's work before the request's own is measured, not guessed: see CPU_READS.
    long entered = (may & DegradeSpec.MAY_CPU) != 0 ? cpuClock.getAsLong() : 0;
    List<Entry> entries = spec.matching(req.getMethod(), req.getRequestURI());
    if (entries.isEmpty()) {
      chain.doFilter(req, res);
      return;
    }
    boolean cpu = false;
    boolean alloc = false;
    for (Entry e : entries) {
      cpu |= e.kind() == Kind.CPU;
      alloc |= e.kind() == Kind.ALLOC;
    }
    if (req.getAttribute(PARTIAL) == null) {
      // Wall-time kinds act first, sized from the route's recent requests (see wallNanos).
      for (Entry e : entries) {
        long share = wallNanos.get(e).get() * e.amount() / 100;
        switch (e.kind()) {
          case LATENCY -> sleep(share);
          case LOCK -> holdLock(share);
          default -> {}
        }
      }
    }
    long alloc0 = alloc ? THREADS.getCurrentThreadAllocatedBytes() : 0;
    long t0 = System.nanoTime();
    // The CPU clock is read again right around the request's own work.
    long cpu0 = cpu ? cpuClock.getAsLong() : 0;
    boolean completed = false;
    try {
      chain.doFilter(req, res);
      completed = true;
    } finally {
      long cpu1 = cpu ? cpuClock.getAsLong() : 0;
      long t1 = System.nanoTime();
      // The window between the two reads holds about one read's cost: it is not the request's.
      long[] own = {
        t1 - t0,
        cpu ? cpu1 - cpu0 - readNanos : 0,
        alloc ? THREADS.getCurrentThreadAllocatedBytes() - alloc0 : 0,
        0
      };
      if (req.getAttribute(PARTIAL) instanceof long[] earlier) {
        for (int i = 0; i < own.length; i++) {
          own[i] += earlier[i];
        }
      }
      if (completed && req.isAsyncStarted()) {
        // The request goes on in an async dispatch (a body read ahead): add the cost there, and
        // this dispatch's filter work (as below) comes out of the share too.
        own[3] += cpu ? cpu0 - entered + 2 * readNanos + ran(System.nanoTime() - t1) : 0;
        req.setAttribute(PARTIAL, own);
      } else {
        req.removeAttribute(PARTIAL);
        if (completed) {
          if (cpu) {
            long share = 0;
            for (Entry e : entries) {
              share += e.kind() == Kind.CPU ? own[1] * e.amount() / 100 : 0;
            }
            // What the filter may still spend from the last read on: the share less its work in
            // this and earlier dispatches before the request's own (from the CPU clock: the first
            // read's cost and what followed it, up to the second read) and the other two reads.
            // The burn is timed on the wall clock; when the thread was switched out on the way,
            // the CPU clock says what is left.
            long budget = share - own[3] - (cpu0 - entered) - 2 * readNanos;
            boolean check = budget >= CHECKED_BURN_READS * readNanos;
            long burn = budget - ran(System.nanoTime() - t1) - (check ? readNanos : 0);
            if (burnCpu(burn) || check) {
              topUp(cpu1, budget);
            }
          }
          for (Entry e : entries) {
            switch (e.kind()) {
              case QUERY -> query(e.amount());
              case ALLOC -> allocate(own[2] * e.amount() / 100);
              case LATENCY, LOCK -> {
                AtomicLong avg = wallNanos.get(e);
                long old = avg.get();
                avg.set(old == 0 ? own[0] : old + (own[0] - old) / 32);
              }
              case CPU -> {}
            }
          }
        }
      }
    }
  }

  /**
   * The filter's work after the request's own, up to the burn, from its wall time: well under a
   * microsecond (a few array and attribute operations), so a stretch longer than {@link
   * #SWITCHED_OUT_NANOS} held a switch to other threads, which costs this thread no CPU, and counts
   * as that much (the rule {@link #burnCpu} applies to its own steps). Reading the CPU clock here
   * instead would cost a system call each.
   */
  private static long ran(long wallNanos) {
    return Math.min(wallNanos, SWITCHED_OUT_NANOS);
  }

  /** {@code n} statements, each its own round trip, on one pooled connection. */
  private void query(int n) {
    try (Connection c = dataSource.get().getConnection();
        PreparedStatement ps = c.prepareStatement(QUERY_SQL)) {
      for (int i = 0; i < n; i++) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("degrade query failed: " + ex.getMessage(), ex);
    }
  }

  /**
   * The cost of one read of {@link #cpuClock}: the least per-read CPU time of 8 batches of 16 reads
   * (the least, so that a batch the machine interrupted does not count).
   */
  private long readCost() {
    long least = Long.MAX_VALUE;
    for (int batch = 0; batch < 8; batch++) {
      long t0 = cpuClock.getAsLong();
      long t1 = t0;
      for (int i = 0; i < 16; i++) {
        t1 = cpuClock.getAsLong();
      }
      least = Math.min(least, (t1 - t0) / 16);
    }
    return Math.max(0, least);
  }

  /**
   * After a burn the thread was switched out of: burns what the CPU clock says is left of {@code
   * budget} (CPU ns from {@code cpu1} on, less the read), reading it again while the burn is cut
   * short, at most {@link #MAX_TOP_UPS} times.
   */
  private void topUp(long cpu1, long budget) {
    for (int i = 0; i < MAX_TOP_UPS; i++) {
      TOP_UPS.increment();
      long left = budget - readNanos - (cpuClock.getAsLong() - cpu1);
      if (!burnCpu(left)) {
        return;
      }
    }
  }

  /**
   * Burns {@code nanos} of this thread's time, on the wall clock (CPU_READS): a multiply-xorshift
   * hash chain in steps, the clock read between steps, the result published to a volatile field so
   * that the JIT cannot remove it. Nothing when {@code nanos} is 0.
   *
   * @return whether the thread was switched out on the way (two clock reads more than {@link
   *     #SWITCHED_OUT_NANOS} apart): the burn then spent less CPU than it took wall time
   */
  static boolean burnCpu(long nanos) {
    if (nanos <= 0) {
      return false;
    }
    long now = System.nanoTime();
    long end = now + nanos;
    long longest = 0;
    long h = hashSink | 1;
    do {
      for (int i = 0; i < BURN_STEP; i++) {
        h ^= h >>> 31;
        h *= 0x9E3779B97F4A7C15L;
        h += i;
      }
      long last = now;
      now = System.nanoTime();
      longest = Math.max(longest, now - last);
    } while (now < end);
    hashSink = h;
    return longest > SWITCHED_OUT_NANOS;
  }

  /**
   * Allocates {@code bytes} (as the JVM counts them: the thread's allocated-bytes counter) in
   * arrays of at most 16 KiB, each handed to a volatile field, so escape analysis cannot drop them;
   * they die young.
   */
  static void allocate(long bytes) {
    if (bytes <= 0) {
      return;
    }
    long end = THREADS.getCurrentThreadAllocatedBytes() + bytes;
    for (long left = bytes; left > 0; left = end - THREADS.getCurrentThreadAllocatedBytes()) {
      long[] a = new long[(int) Math.min(ALLOC_CHUNK, Math.max(1, left)) / Long.BYTES + 1];
      a[0] = left;
      allocSink = a;
    }
  }

  /** Holds the JVM-wide lock for {@code nanos} (the wait to get it comes on top). */
  private static void holdLock(long nanos) {
    if (nanos <= 0) {
      return;
    }
    LOCK.lock();
    try {
      sleep(nanos);
    } finally {
      LOCK.unlock();
    }
  }

  private static void sleep(long nanos) {
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
