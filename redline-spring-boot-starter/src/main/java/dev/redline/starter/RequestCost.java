package dev.redline.starter;

import java.lang.management.ManagementFactory;

/**
 * What the current thread has spent so far: CPU time (ns) and allocated bytes, read from the JVM's
 * per-thread accounting ({@code com.sun.management.ThreadMXBean}, on HotSpot and OpenJ9), plus the
 * SQL statements {@link SqlStatements} counted on it. A request's cost is the difference of two
 * readings taken on its thread around its work.
 */
final class RequestCost {

  private static final com.sun.management.ThreadMXBean THREADS = threads();

  /** True when this JVM measures thread CPU time and allocation (both are on by default). */
  static final boolean SUPPORTED = THREADS != null;

  private RequestCost() {}

  /** The current thread's CPU time in ns, or -1 when the JVM does not measure it. */
  static long cpuNanos() {
    return THREADS == null ? -1 : THREADS.getCurrentThreadCpuTime();
  }

  /** Bytes the current thread has allocated so far, or -1 when the JVM does not measure it. */
  static long allocatedBytes() {
    return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
  }

  private static com.sun.management.ThreadMXBean threads() {
    try {
      if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
          && t.isCurrentThreadCpuTimeSupported()
          && t.isThreadAllocatedMemorySupported()) {
        if (!t.isThreadCpuTimeEnabled()) {
          t.setThreadCpuTimeEnabled(true);
        }
        if (!t.isThreadAllocatedMemoryEnabled()) {
          t.setThreadAllocatedMemoryEnabled(true);
        }
        return t;
      }
    } catch (UnsupportedOperationException | SecurityException e) {
      // Measured as unsupported: the filter then records request counts only.
    }
    return null;
  }
}
