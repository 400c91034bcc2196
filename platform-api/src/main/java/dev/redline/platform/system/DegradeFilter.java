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
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The deliberate regressions the gate must catch ({@link DegradeSpec}): after a matching request's
 * own work (everything after this filter: auth, rate limit, controller, serialisation into a
 * buffer) it adds, in proportion to what that work cost, wall time, thread CPU time, allocated
 * bytes, SQL round trips or time holding a shared lock, and only then releases the buffered
 * response. Registered by {@link DegradeConfig} just inside Spring's {@code http.server.requests}
 * observation and the starter's request-cost filter: the service's own metrics see the regression,
 * at the size asked for. Not registered at all when no entry is active.
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

  private static final int BURN_STEP = 4096;
  private static final int ALLOC_CHUNK = 16 * 1024;

  private final DegradeSpec spec;
  private final Supplier<DataSource> dataSource;

  /**
   * @param dataSource where {@code query} entries send their statements (resolved on first use)
   */
  DegradeFilter(DegradeSpec spec, Supplier<DataSource> dataSource) {
    this.spec = spec;
    this.dataSource = dataSource;
  }

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
    List<Entry> entries = spec.matching(req.getMethod(), req.getRequestURI());
    if (entries.isEmpty()) {
      chain.doFilter(req, res);
      return;
    }
    boolean cpu = false;
    boolean alloc = false;
    boolean delays = false;
    for (Entry e : entries) {
      cpu |= e.kind() == Kind.CPU;
      alloc |= e.kind() == Kind.ALLOC;
      delays |= e.kind() == Kind.LATENCY || e.kind() == Kind.LOCK;
    }
    // Only a delay must hold the response back from the client; buffering it for the other kinds
    // would add its own CPU and allocation (a copy of the body) on top of the share asked for.
    ContentCachingResponseWrapper buffered = delays ? new ContentCachingResponseWrapper(res) : null;
    long cpu0 = cpu ? THREADS.getCurrentThreadCpuTime() : 0;
    long alloc0 = alloc ? THREADS.getCurrentThreadAllocatedBytes() : 0;
    long t0 = System.nanoTime();
    boolean completed = false;
    try {
      chain.doFilter(req, buffered != null ? buffered : res);
      completed = true;
    } finally {
      try {
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
          completed = false;
          buffered = null;
        } else {
          req.removeAttribute(PARTIAL);
        }
        if (completed) {
          long ownNanos = own[0];
          long ownCpu = own[1];
          long ownBytes = own[2];
          for (Entry e : entries) {
            switch (e.kind()) {
              case QUERY -> query(e.amount());
              case CPU -> burnCpu(ownCpu * e.amount() / 100);
              case ALLOC -> allocate(ownBytes * e.amount() / 100);
              case LOCK -> holdLock(ownNanos * e.amount() / 100);
              case LATENCY -> sleep(ownNanos * e.amount() / 100);
            }
          }
        }
      } finally {
        if (buffered != null) {
          buffered.copyBodyToResponse();
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
