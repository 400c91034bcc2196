package dev.redline.bench.platform.realtime;

import dev.redline.platform.realtime.BoundedOutbox;
import dev.redline.platform.realtime.Frame;
import dev.redline.platform.realtime.RoomBroadcaster;
import dev.redline.platform.realtime.Rooms;
import dev.redline.platform.session.SessionEvent;
import dev.redline.platform.session.SessionStatus;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * WebSocket fan-out: one {@code session.progress} event to every subscriber of the {@code sessions}
 * room, {@code subscribers} = 1, 100 or 10,000. Each subscriber is the service's own {@link
 * BoundedOutbox} (capacity 256) with a transport that takes every frame at once, so every frame
 * goes through offer, queue and write, and queues never fill.
 *
 * <ul>
 *   <li>{@link #publish}: {@link RoomBroadcaster#publish}: the frame is serialized once for the
 *       room and the same {@link Frame} offered to every queue;
 *   <li>{@link #broadcast}: the fan-out alone, a frame serialized beforehand;
 *   <li>{@link #baselineSerialize}: serializing the frame alone (once per event whatever the
 *       audience).
 * </ul>
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar RoomBroadcasterBenchmark -prof
 * gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RoomBroadcasterBenchmark {

  /** Outbox capacity the service uses by default (frames). */
  private static final int OUTBOX_CAPACITY = 256;

  @Param({"1", "100", "10000"})
  public int subscribers;

  private RoomBroadcaster broadcaster;
  private SessionEvent event;
  private Frame frame;
  private InlineTransport transport;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    event =
        new SessionEvent(
            SessionEvent.PROGRESS,
            new UUID(random.nextLong(), random.nextLong()),
            SessionStatus.RUNNING,
            42,
            Instant.parse("2026-11-27T00:11:40.748123Z"));
    frame = Frame.event(event, Rooms.SESSIONS);
    broadcaster = new RoomBroadcaster();
    transport = new InlineTransport();
    for (int i = 0; i < subscribers; i++) {
      broadcaster.subscribe(Rooms.SESSIONS, new BoundedOutbox(OUTBOX_CAPACITY, transport));
    }
    int reached = broadcaster.publish(event);
    if (reached != subscribers || transport.written != subscribers) {
      throw new IllegalStateException(
          "one event reached " + reached + " of " + subscribers + " subscribers");
    }
  }

  @Benchmark
  public Frame baselineSerialize() {
    return Frame.event(event, Rooms.SESSIONS);
  }

  @Benchmark
  public int publish() {
    return broadcaster.publish(event);
  }

  @Benchmark
  public int broadcast() {
    return broadcaster.broadcast(Rooms.SESSIONS, frame);
  }

  /** A transport that takes every frame at once, on the publishing thread; counts frames. */
  private static final class InlineTransport implements BoundedOutbox.Sink {
    long written;

    @Override
    public void drain(BoundedOutbox outbox) {
      while (outbox.poll() != null) {
        written++;
      }
    }

    @Override
    public void overflowed() {
      throw new IllegalStateException("an outbox overflowed although writes complete inline");
    }
  }
}
