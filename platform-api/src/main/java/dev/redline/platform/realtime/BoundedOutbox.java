package dev.redline.platform.realtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection's outbound queue: at most {@code capacity} frames wait, and one thread at a time
 * drains them into the transport. {@link #offer} never blocks the publisher; a full queue means the
 * reader is too slow, so the outbox closes and tells its {@link Sink} (which closes the
 * connection).
 *
 * <p>Draining runs on whichever thread asks for it (a fan-out writer offering a frame, the I/O
 * thread answering a client, the I/O thread reporting the socket writable again); asks that arrive
 * while another thread drains make that thread drain once more, so no frame is left waiting and no
 * write is handed to another thread. Usable without Spring or a socket: the benchmarks drive it
 * with a sink that takes every frame at once.
 */
public final class BoundedOutbox implements Subscriber {

  /** Where frames go: the transport. */
  public interface Sink {
    /**
     * Writes waiting frames, taking them with {@link BoundedOutbox#poll()} while the transport
     * accepts bytes without blocking. Never runs on two threads at once for one outbox. When the
     * transport is full, return and call {@link BoundedOutbox#resume()} once it takes bytes again.
     * An exception closes the outbox and is passed to {@link #failed}.
     */
    void drain(BoundedOutbox outbox) throws Exception;

    /** The queue overflowed (called once); the sink should close its transport. */
    void overflowed();

    /** A drain threw; the outbox has closed itself. */
    default void failed(Throwable error) {}
  }

  private final ArrayBlockingQueue<Frame> queue;
  private final Sink sink;
  private final AtomicInteger drainRequests = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param capacity frames that may wait (1..65,536); 256 holds about 5 s of a busy room
   */
  public BoundedOutbox(int capacity, Sink sink) {
    if (capacity < 1 || capacity > 65_536) {
      throw new IllegalArgumentException("outbox capacity must be 1..65536, got " + capacity);
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
  }

  @Override
  public boolean offer(Frame frame) {
    if (!enqueue(frame)) {
      return false;
    }
    drain();
    return true;
  }

  /**
   * Queues a frame without draining; {@link #resume} (or the next {@link #offer}) sends it. A reply
   * queued this way cannot reach the client before what the caller does next.
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

  /** The next frame to write, or null when none waits or the outbox is closed (for the sink). */
  public Frame poll() {
    return closed.get() ? null : queue.poll();
  }

  /**
   * Drains what waits: after {@link #enqueue}, when the transport takes bytes again, or to let the
   * sink write something of its own (a close frame) after {@link #close}.
   */
  public void resume() {
    drain();
  }

  /** Stops taking frames and drops what waits (the connection is closing or gone). */
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

  private void drain() {
    if (drainRequests.getAndIncrement() != 0) {
      return;
    }
    int requests = 1;
    do {
      try {
        sink.drain(this);
      } catch (Exception e) {
        close();
        sink.failed(e);
      }
      requests = drainRequests.addAndGet(-requests);
    } while (requests != 0);
  }
}
