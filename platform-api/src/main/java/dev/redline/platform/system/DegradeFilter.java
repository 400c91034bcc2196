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
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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

  /** Request attribute: own wall ns, CPU ns and bytes of dispatches before an async one. */
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

  /** Hash rounds between two clock reads: about 1 us, so a burn ends within a microsecond. */
  private static final int BURN_STEP = 512;

  private static final int ALLOC_CHUNK = 16 * 1024;

  private final DegradeSpec spec;
  private final Supplier<DataSource> dataSource;

  /**
   * @param dataSource where {@code query} entries send their statements (resolved on first use)
   */
  DegradeFilter(DegradeSpec spec, Supplier<DataSource> dataSource) {
    this.spec = spec;
    this.dataSource = dataSource;
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
    // The filter's own work (matching, clock reads) counts towards a cpu entry's share: on a 300 us
    // route it was 3-7 points on top of cpu:5 when only the inner work was measured.
    long entryCpu = spec.isEmpty() ? 0 : THREADS.getCurrentThreadCpuTime();
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
    boolean resumed = req.getAttribute(PARTIAL) != null;
    if (!resumed) {
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
    long cpu0 = cpu ? THREADS.getCurrentThreadCpuTime() : 0;
    long alloc0 = alloc ? THREADS.getCurrentThreadAllocatedBytes() : 0;
    long t0 = System.nanoTime();
    boolean completed = false;
    try {
      chain.doFilter(req, res);
      completed = true;
    } finally {
      long[] own = {
        System.nanoTime() - t0,
        cpu ? THREADS.getCurrentThreadCpuTime() - cpu0 : 0,
        alloc ? THREADS.getCurrentThreadAllocatedBytes() - alloc0 : 0
      };
      if (req.getAttribute(PARTIAL) instanceof long[] earlier) {
        for (int i = 0; i < own.length; i++) {
          own[i] += earlier[i];
        }
      }
      if (completed && req.isAsyncStarted()) {
        // The request goes on in an async dispatch (a body read ahead): add the cost there.
        req.setAttribute(PARTIAL, own);
      } else {
        req.removeAttribute(PARTIAL);
        if (completed) {
          for (Entry e : entries) {
            switch (e.kind()) {
              case QUERY -> query(e.amount());
              case CPU -> burnCpu(cpuShareLeft(own[1] * e.amount() / 100, entryCpu, own[1]));
              case ALLOC -> allocate(own[2] * e.amount() / 100);
              case LATENCY, LOCK -> {
                AtomicLong avg = wallNanos.get(e);
                long old = avg.get();
                avg.set(old == 0 ? own[0] : old + (own[0] - old) / 32);
              }
            }
          }
        }
      }
    }
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
   * What is left to burn of {@code share}: the thread's CPU since the filter was entered, less the
   * request's own, is the filter's overhead so far and is part of the share. Of an async request
   * only the last dispatch's overhead is known; the earlier ones' is small and not counted.
   */
  private static long cpuShareLeft(long share, long entryCpu, long ownCpu) {
    long overhead = THREADS.getCurrentThreadCpuTime() - entryCpu - ownCpu;
    return Math.max(0, share - Math.max(0, overhead));
  }

  /**
   * Burns {@code nanos} of this thread's CPU time: a multiply-xorshift hash chain in steps, the
   * clock read between steps (so the amount is measured, not guessed from iteration counts) and the
   * result published to a volatile field.
   */
  static void burnCpu(long nanos) {
    if (nanos <= 0) {
      return;
    }
    long end = THREADS.getCurrentThreadCpuTime() + nanos;
    long h = hashSink | 1;
    do {
      for (int i = 0; i < BURN_STEP; i++) {
        h ^= h >>> 31;
        h *= 0x9E3779B97F4A7C15L;
        h += i;
      }
    } while (THREADS.getCurrentThreadCpuTime() < end);
    hashSink = h;
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
