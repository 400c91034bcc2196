package dev.redline.platform.realtime;

import dev.redline.platform.session.SessionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The rooms and their subscribers, and the fan-out of events to them. An event is serialized once
 * per room it belongs to ({@code sessions} and {@code session:<id>}), never once per subscriber;
 * each subscriber only gets a reference to the shared {@link Frame}. Publishing never blocks: a
 * subscriber that cannot keep up overflows and closes itself.
 *
 * <p>Fan-out threads: built with {@code writers}, each room's subscribers are split over them (by
 * identity, so one subscriber is always offered frames by the same writer, in publishing order),
 * and the publishing thread only hands each writer its share. Without writers the publishing thread
 * offers to everyone itself. With 1,000 subscribers a frame costs about 1,000 socket writes, so on
 * two writers the last subscriber gets it in half the time, and the engine or Redis thread that
 * publishes is never held up by sockets.
 *
 * <p>Plain Java, no Spring: benchmarks build one, subscribe N {@link Subscriber}s and call {@link
 * #publish(SessionEvent)} or {@link #broadcast(String, Frame)}. Thread-safe; subscribing while
 * publishing is fine (a subscriber joining mid-publish may or may not get that event).
 */
public final class RoomBroadcaster {

  private static final Subscriber[] NONE = new Subscriber[0];

  private final Executor[] writers;

  private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
  private final LongAdder sessionsRoomSubscriptions = new LongAdder();
  private final LongAdder sessionRoomSubscriptions = new LongAdder();
  private final LongAdder framesQueued = new LongAdder();
  private final LongAdder framesRefused = new LongAdder();

  /** Degrade mode ({@code latency:P@/ws}): each offer is followed by P% of its own time, spun. */
  private volatile double stretch;

  /** Offers on the publishing thread. */
  public RoomBroadcaster() {
    this(new Executor[0]);
  }

  /**
   * @param writers fan-out executors, each running its tasks one at a time in order (a
   *     single-thread executor); none: offer on the publishing thread
   */
  public RoomBroadcaster(Executor... writers) {
    this.writers = writers.clone();
  }

  /**
   * Adds a subscriber to a room ({@link Rooms#canonical} form).
   *
   * @return false when it was already there
   */
  public boolean subscribe(String room, Subscriber s) {
    boolean[] added = new boolean[1];
    rooms.compute(
        room,
        (k, r) -> {
          Room target = r == null ? new Room(writers.length) : r;
          added[0] = target.add(s);
          return target;
        });
    if (added[0]) {
      counter(room).increment();
    }
    return added[0];
  }

  /**
   * Removes a subscriber from a room; an empty room is dropped.
   *
   * @return false when it was not there
   */
  public boolean unsubscribe(String room, Subscriber s) {
    boolean[] removed = new boolean[1];
    rooms.computeIfPresent(
        room,
        (k, r) -> {
          removed[0] = r.remove(s);
          return r.isEmpty() ? null : r;
        });
    if (removed[0]) {
      counter(room).decrement();
    }
    return removed[0];
  }

  /**
   * Fans one event out to the rooms it belongs to: {@code sessions} and {@code session:<id>}.
   *
   * @return how many subscriber queues accepted a frame of it
   */
  public int publish(SessionEvent event) {
    int n = 0;
    if (rooms.containsKey(Rooms.SESSIONS)) {
      n += broadcast(Rooms.SESSIONS, Frame.event(event, Rooms.SESSIONS));
    }
    String own = Rooms.of(event.sessionId());
    if (rooms.containsKey(own)) {
      n += broadcast(own, Frame.event(event, own));
    }
    return n;
  }

  /**
   * Offers one already-serialized frame to every subscriber of a room.
   *
   * @return how many accepted it; with writers, how many it was handed to (they offer later)
   */
  public int broadcast(String room, Frame frame) {
    Room r = rooms.get(room);
    if (r == null) {
      return 0;
    }
    Subscriber[][] parts = r.parts();
    if (writers.length == 0) {
      return offerAll(parts[0], frame);
    }
    int handed = 0;
    for (int k = 0; k < parts.length; k++) {
      Subscriber[] part = parts[k];
      if (part.length > 0) {
        handed += part.length;
        writers[k].execute(() -> offerAll(part, frame));
      }
    }
    return handed;
  }

  /**
   * Degrade mode: every subscriber's share of a fan-out takes {@code percent}% longer (spun), so
   * event delivery latency grows by about that much ({@code PLATFORM_DEGRADE=latency:P@/ws}).
   */
  public void stretchDelivery(int percent) {
    if (percent < 0 || percent > 1000) {
      throw new IllegalArgumentException("delivery stretch must be 0..1000 %, got " + percent);
    }
    stretch = percent / 100.0;
  }

  private int offerAll(Subscriber[] subs, Frame frame) {
    double k = stretch;
    if (k > 0) {
      return offerAllStretched(subs, frame, k);
    }
    int accepted = 0;
    for (Subscriber s : subs) {
      if (s.offer(frame)) {
        accepted++;
      }
    }
    framesQueued.add(accepted);
    framesRefused.add(subs.length - accepted);
    return accepted;
  }

  /**
   * The degraded fan-out: after each offer, {@code k} times its own time spun on the CPU, as slower
   * code would take it. Measured in gates for {@code latency:20@/ws}: spun, the platform's own
   * delivery p50 +33% (the spin also holds up its other work on its one CPU); slept, +11.5% (the
   * CPU served other work meanwhile); a wait of 20% of the mean before each fan-out, +17% at the
   * mean and none significant at p50. Spinning is the one a gate names every time.
   */
  private int offerAllStretched(Subscriber[] subs, Frame frame, double k) {
    int accepted = 0;
    for (Subscriber s : subs) {
      long t0 = System.nanoTime();
      if (s.offer(frame)) {
        accepted++;
      }
      long t1 = System.nanoTime();
      long until = t1 + (long) ((t1 - t0) * k);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }
    framesQueued.add(accepted);
    framesRefused.add(subs.length - accepted);
    return accepted;
  }

  /** Subscribers of one room now. */
  public int subscribers(String room) {
    Room r = rooms.get(room);
    return r == null ? 0 : r.members.size();
  }

  /** Subscriptions to the {@code sessions} room. */
  public long sessionsRoomSubscriptions() {
    return sessionsRoomSubscriptions.sum();
  }

  /** Subscriptions to all {@code session:<id>} rooms together. */
  public long sessionRoomSubscriptions() {
    return sessionRoomSubscriptions.sum();
  }

  /** Frames handed to subscriber queues since start. */
  public long framesQueued() {
    return framesQueued.sum();
  }

  /** Frames a subscriber refused (closed or overflowing) since start. */
  public long framesRefused() {
    return framesRefused.sum();
  }

  private LongAdder counter(String room) {
    return Rooms.SESSIONS.equals(room) ? sessionsRoomSubscriptions : sessionRoomSubscriptions;
  }

  /**
   * Members in a concurrent set, plus an array snapshot split over the writers (one part without
   * writers) rebuilt lazily after a change, so the publish loop walks plain arrays and a burst of
   * 1,000 joins costs one rebuild, not 1,000.
   */
  private static final class Room {
    final Set<Subscriber> members = ConcurrentHashMap.newKeySet();
    private final int writers;
    private volatile Subscriber[][] parts;
    private volatile boolean stale;

    /** {@code writers}: how many parts each snapshot is split into (0: one, for the publisher). */
    Room(int writers) {
      this.writers = writers;
      this.parts = split(NONE, writers);
    }

    boolean add(Subscriber s) {
      boolean added = members.add(s);
      if (added) {
        stale = true;
      }
      return added;
    }

    boolean remove(Subscriber s) {
      boolean removed = members.remove(s);
      if (removed) {
        stale = true;
      }
      return removed;
    }

    boolean isEmpty() {
      return members.isEmpty();
    }

    /** The members split over the writers by identity hash (stable per subscriber). */
    Subscriber[][] parts() {
      refresh();
      return parts;
    }

    private void refresh() {
      if (stale) {
        synchronized (this) {
          if (stale) {
            stale = false;
            parts = split(members.toArray(NONE), writers);
          }
        }
      }
    }

    private static Subscriber[][] split(Subscriber[] all, int k) {
      if (k <= 1) {
        return new Subscriber[][] {all};
      }
      List<List<Subscriber>> split = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        split.add(new ArrayList<>(all.length / k + 1));
      }
      for (Subscriber s : all) {
        split.get(Math.floorMod(System.identityHashCode(s), k)).add(s);
      }
      Subscriber[][] out = new Subscriber[k][];
      for (int i = 0; i < k; i++) {
        out[i] = split.get(i).toArray(NONE);
      }
      return out;
    }
  }
}
