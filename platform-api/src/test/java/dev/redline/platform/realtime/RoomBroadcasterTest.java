package dev.redline.platform.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.platform.session.SessionEvent;
import dev.redline.platform.session.SessionStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoomBroadcasterTest {

  private final RoomBroadcaster rooms = new RoomBroadcaster();

  /** Records frames; refuses when {@code full}. */
  private static final class Recorder implements Subscriber {
    final List<Frame> got = new ArrayList<>();
    boolean full;

    @Override
    public boolean offer(Frame frame) {
      if (full) {
        return false;
      }
      got.add(frame);
      return true;
    }
  }

  private static SessionEvent event(UUID id) {
    return new SessionEvent(
        SessionEvent.PROGRESS,
        id,
        SessionStatus.RUNNING,
        40,
        Instant.parse("2026-01-02T03:04:05.123456Z"));
  }

  @Test
  void sharesOneSerializedFramePerRoomAmongAllItsSubscribers() {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    rooms.subscribe(Rooms.SESSIONS, a);
    rooms.subscribe(Rooms.SESSIONS, b);
    assertThat(rooms.publish(event(UUID.randomUUID()))).isEqualTo(2);
    assertThat(a.got.get(0)).isSameAs(b.got.get(0));
  }

  @Test
  void sendsAnEventToItsSessionRoomAndTheSessionsRoomOnly() {
    UUID x = UUID.randomUUID();
    Recorder all = new Recorder();
    Recorder onX = new Recorder();
    Recorder onOther = new Recorder();
    rooms.subscribe(Rooms.SESSIONS, all);
    rooms.subscribe(Rooms.of(x), onX);
    rooms.subscribe(Rooms.of(UUID.randomUUID()), onOther);
    rooms.publish(event(x));
    assertThat(all.got)
        .singleElement()
        .extracting(Frame::text)
        .asString()
        .contains("\"room\":\"sessions\"");
    assertThat(onX.got)
        .singleElement()
        .extracting(Frame::text)
        .isEqualTo(
            "{\"type\":\"session.progress\",\"room\":\"session:"
                + x
                + "\",\"session_id\":\""
                + x
                + "\",\"progress_percent\":40,\"emitted_at\":\"2026-01-02T03:04:05.123456Z\"}");
    assertThat(onX.got.get(0).emittedAtMicros()).isEqualTo(1767323045123456L);
    assertThat(onOther.got).isEmpty();
  }

  @Test
  void stopsDeliveringAfterUnsubscribeAndDropsEmptyRooms() {
    UUID x = UUID.randomUUID();
    Recorder r = new Recorder();
    assertThat(rooms.subscribe(Rooms.of(x), r)).isTrue();
    assertThat(rooms.subscribe(Rooms.of(x), r)).isFalse();
    assertThat(rooms.sessionRoomSubscriptions()).isEqualTo(1);
    assertThat(rooms.unsubscribe(Rooms.of(x), r)).isTrue();
    assertThat(rooms.subscribers(Rooms.of(x))).isZero();
    assertThat(rooms.sessionRoomSubscriptions()).isZero();
    assertThat(rooms.publish(event(x))).isZero();
    assertThat(r.got).isEmpty();
  }

  @Test
  void countsRefusalsWithoutStoppingTheOthers() {
    Recorder ok = new Recorder();
    Recorder full = new Recorder();
    full.full = true;
    rooms.subscribe(Rooms.SESSIONS, ok);
    rooms.subscribe(Rooms.SESSIONS, full);
    assertThat(rooms.publish(event(UUID.randomUUID()))).isEqualTo(1);
    assertThat(rooms.framesRefused()).isEqualTo(1);
    assertThat(ok.got).hasSize(1);
  }

  @Test
  void outboxClosesOnceWhenItsQueueOverflowsAndWritesInOrderOtherwise() {
    List<String> written = new ArrayList<>();
    boolean[] transportFull = {false};
    int[] overflows = new int[1];
    BoundedOutbox box =
        new BoundedOutbox(
            2,
            new BoundedOutbox.Sink() {
              @Override
              public void drain(BoundedOutbox outbox) {
                Frame f;
                while (!transportFull[0] && (f = outbox.poll()) != null) {
                  written.add(f.text());
                }
              }

              @Override
              public void overflowed() {
                overflows[0]++;
              }
            });
    assertThat(box.offer(Frame.reply("1"))).isTrue(); // written at once
    transportFull[0] = true;
    assertThat(box.offer(Frame.reply("2"))).isTrue(); // waits
    assertThat(box.offer(Frame.reply("3"))).isTrue(); // waits, queue full
    assertThat(box.queued()).isEqualTo(2);
    transportFull[0] = false;
    box.resume(); // the transport takes bytes again: "2" and "3" go out
    assertThat(written).containsExactly("1", "2", "3");
    transportFull[0] = true;
    assertThat(box.offer(Frame.reply("4"))).isTrue();
    assertThat(box.offer(Frame.reply("5"))).isTrue();
    assertThat(box.offer(Frame.reply("6"))).isFalse(); // overflow
    assertThat(box.offer(Frame.reply("7"))).isFalse();
    assertThat(overflows[0]).isEqualTo(1);
    assertThat(box.isClosed()).isTrue();
    transportFull[0] = false;
    box.resume();
    assertThat(written).containsExactly("1", "2", "3"); // what waited was dropped
  }

  @Test
  void outboxDrainsOnOneThreadAtATimeAndLosesNothingUnderConcurrentOffers() throws Exception {
    int threads = 4;
    int each = 20_000;
    List<String> written = new ArrayList<>();
    AtomicInteger inside = new AtomicInteger();
    int[] overlaps = new int[1];
    BoundedOutbox box =
        new BoundedOutbox(
            65_536,
            new BoundedOutbox.Sink() {
              @Override
              public void drain(BoundedOutbox outbox) {
                if (inside.incrementAndGet() != 1) {
                  overlaps[0]++;
                }
                Frame f;
                while ((f = outbox.poll()) != null) {
                  written.add(f.text());
                }
                inside.decrementAndGet();
              }

              @Override
              public void overflowed() {
                throw new AssertionError("overflowed");
              }
            });
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = t * each;
      Thread th =
          new Thread(
              () -> {
                for (int i = from; i < from + each; i++) {
                  box.offer(Frame.reply(Integer.toString(i)));
                }
              });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    // Every offer either drained itself or made the thread draining run once more.
    assertThat(overlaps[0]).isZero();
    assertThat(box.queued()).isZero();
    assertThat(written).hasSize(threads * each).doesNotHaveDuplicates();
  }

  @Test
  void outboxClosesAndReportsWhenTheTransportFails() {
    Throwable[] failure = new Throwable[1];
    BoundedOutbox box =
        new BoundedOutbox(
            4,
            new BoundedOutbox.Sink() {
              @Override
              public void drain(BoundedOutbox outbox) throws IOException {
                if (outbox.poll() != null) {
                  throw new IOException("connection reset");
                }
              }

              @Override
              public void overflowed() {}

              @Override
              public void failed(Throwable error) {
                failure[0] = error;
              }
            });
    box.offer(Frame.reply("1"));
    assertThat(failure[0]).hasMessage("connection reset");
    assertThat(box.isClosed()).isTrue();
    assertThat(box.offer(Frame.reply("2"))).isFalse();
  }

  @Test
  void rejectsAnOutboxCapacityOutOfRange() {
    assertThatThrownBy(() -> new BoundedOutbox(0, null))
        .hasMessageContaining("capacity must be 1..65536, got 0");
  }

  @Test
  void acceptsOnlyTheTwoRoomShapes() {
    UUID id = UUID.randomUUID();
    assertThat(Rooms.canonical("sessions")).isEqualTo("sessions");
    assertThat(Rooms.canonical("session:" + id.toString().toUpperCase()))
        .isEqualTo("session:" + id);
    assertThat(Rooms.canonical("session:123")).isNull();
    assertThat(Rooms.canonical("Sessions")).isNull();
    assertThat(Rooms.canonical("session:" + id + "x")).isNull();
    assertThat(Rooms.canonical(null)).isNull();
  }

  @Test
  void writersDeliverEveryFrameOnceAndInPublishingOrderToEachSubscriber() throws Exception {
    ExecutorService w0 = Executors.newSingleThreadExecutor();
    ExecutorService w1 = Executors.newSingleThreadExecutor();
    try {
      RoomBroadcaster sharded = new RoomBroadcaster(w0, w1);
      List<SyncRecorder> subs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        SyncRecorder r = new SyncRecorder();
        subs.add(r);
        sharded.subscribe(Rooms.SESSIONS, r);
      }
      List<Frame> sent = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        Frame f = Frame.reply("{\"n\":" + i + "}");
        sent.add(f);
        assertThat(sharded.broadcast(Rooms.SESSIONS, f)).isEqualTo(50);
      }
      w0.submit(() -> {}).get(5, TimeUnit.SECONDS);
      w1.submit(() -> {}).get(5, TimeUnit.SECONDS);
      for (SyncRecorder r : subs) {
        assertThat(r.got).containsExactlyElementsOf(sent);
      }
      assertThat(sharded.framesQueued()).isEqualTo(50L * 200);
      assertThat(subs.stream().map(r -> r.thread).distinct().count())
          .as("both writers took a share")
          .isEqualTo(2);
    } finally {
      w0.shutdownNow();
      w1.shutdownNow();
    }
  }

  @Test
  void aStretchedFanOutSpinsItsShareOfEveryOffersOwnTime() {
    // Each offer spins 100 us; at 50% each is followed by half its own time, spun: the fan-out
    // takes at least 1.5 times as long as its offers.
    long[] offerNanos = new long[1];
    Subscriber slow =
        frame -> {
          long t0 = System.nanoTime();
          while (System.nanoTime() - t0 < 100_000) {
            Thread.onSpinWait();
          }
          offerNanos[0] += System.nanoTime() - t0;
          return true;
        };
    for (int i = 0; i < 200; i++) {
      Subscriber each = frame -> slow.offer(frame);
      rooms.subscribe(Rooms.SESSIONS, each);
    }
    rooms.stretchDelivery(50);
    long t0 = System.nanoTime();
    assertThat(rooms.publish(event(UUID.randomUUID()))).isEqualTo(200);
    long elapsed = System.nanoTime() - t0;
    assertThat(elapsed).isGreaterThanOrEqualTo((long) (offerNanos[0] * 1.5));
    assertThatThrownBy(() -> rooms.stretchDelivery(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  /** Records frames from a writer thread, and which thread offered them. */
  private static final class SyncRecorder implements Subscriber {
    final List<Frame> got = Collections.synchronizedList(new ArrayList<>());
    volatile Thread thread;

    @Override
    public boolean offer(Frame frame) {
      Thread now = Thread.currentThread();
      if (thread != null && thread != now) {
        throw new AssertionError("one subscriber, two writer threads");
      }
      thread = now;
      got.add(frame);
      return true;
    }
  }
}
