package dev.redline.platform.realtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection's outbound queue: at most {@code capacity} frames wait, at most one write is in
 * flight. {@link #offer} never blocks the publisher; a full queue means the reader is too slow, so
 * the outbox closes and tells its {@link Sink} (which closes the connection). Usable without
 * Spring: the benchmarks drive it with a sink that completes inline.
 */
public final class BoundedOutbox implements Subscriber {

  /** Where frames go: the transport. */
  public interface Sink {
    /**
     * Starts writing one frame; must call {@code done.completed(error)} exactly once, on any
     * thread, possibly before returning.
     */
    void write(Frame frame, Completion done);

    /** The queue overflowed (called once); the sink should close its transport. */
    void overflowed();

    /** A frame has been written (for counters and latency); called on the completing thread. */
    default void written(Frame frame) {}

    /** A write failed (timeout, reset); the outbox has closed itself. */
    default void failed(Throwable error) {}
  }

  /** Completion callback of one write; {@code error} is null on success. */
  public interface Completion {
    void completed(Throwable error);
  }

  /** Inline completions nest this deep before the next write is handed to an executor. */
  private static final int MAX_INLINE_DEPTH = 16;

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private final ArrayBlockingQueue<Frame> queue;
  private final Sink sink;
  private final Executor executor;
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param capacity frames that may wait (1..65,536); 256 holds about 5 s of a busy room
   */
  public BoundedOutbox(int capacity, Sink sink) {
    this(capacity, sink, ForkJoinPool.commonPool());
  }

  public BoundedOutbox(int capacity, Sink sink, Executor executor) {
    if (capacity < 1 || capacity > 65_536) {
      throw new IllegalArgumentException("outbox capacity must be 1..65536, got " + capacity);
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
    this.executor = executor;
  }

  @Override
  public boolean offer(Frame frame) {
    if (!enqueue(frame)) {
      return false;
    }
    pump();
    return true;
  }

  /**
   * Queues a frame without starting a write; {@link #flush} (or the next {@link #offer}) sends it.
   * A reply queued this way cannot reach the client before what the caller does next.
   */
  public boolean enqueue(Frame frame) {
    if (closed.get()) {
      return false;
    }
    if (!queue.offer(frame)) {
      if (closed.compareAndSet(false, true)) {
        queue.clear();
        sink.overflowed();
      }
      return false;
    }
    return true;
  }

  /** Starts writing what waits, if no write is in flight. */
  public void flush() {
    pump();
  }

  /** Stops writing and drops what waits (the connection has gone). */
  public void close() {
    closed.set(true);
    queue.clear();
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Frames waiting now (0..capacity). */
  public int queued() {
    return queue.size();
  }

  private void pump() {
    while (!closed.get() && !queue.isEmpty() && writing.compareAndSet(false, true)) {
      Frame f = queue.poll();
      if (f == null) {
        writing.set(false);
        continue;
      }
      sink.write(f, error -> written(f, error));
      return;
    }
  }

  private void written(Frame f, Throwable error) {
    writing.set(false);
    if (error != null) {
      close();
      sink.failed(error);
      return;
    }
    sink.written(f);
    int[] depth = DEPTH.get();
    if (depth[0] >= MAX_INLINE_DEPTH) {
      executor.execute(this::pump);
      return;
    }
    depth[0]++;
    try {
      pump();
    } finally {
      depth[0]--;
    }
  }
}
