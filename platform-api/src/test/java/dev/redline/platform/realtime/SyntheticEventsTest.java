package dev.redline.platform.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.session.InProcessSessionEventPublisher;
import dev.redline.platform.session.SessionEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The synthetic source emits only while someone is connected, so HTTP-only windows carry none; with
 * a phase its ticks sit at that offset of the wall clock's periods.
 */
class SyntheticEventsTest {

  @Test
  void publishesOnlyWhileSomeoneListens() throws Exception {
    InProcessSessionEventPublisher events = new InProcessSessionEventPublisher();
    List<SessionEvent> got = new CopyOnWriteArrayList<>();
    events.subscribe(got::add);
    AtomicBoolean listening = new AtomicBoolean(false);
    SyntheticEvents source = new SyntheticEvents(events, 200, -1, listening::get);
    try {
      Thread.sleep(300);
      assertThat(got).as("events while nobody is connected").isEmpty();

      listening.set(true);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (got.size() < 10 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(got).as("events once a client is connected").hasSizeGreaterThanOrEqualTo(10);
      assertThat(got).allMatch(e -> e.type().equals(SessionEvent.PROGRESS));
      assertThat(got).allMatch(e -> e.sessionId().equals(SyntheticEvents.SESSION));

      listening.set(false);
      Thread.sleep(100); // a tick already running may still publish
      int after = got.size();
      Thread.sleep(300);
      assertThat(got).as("events after the last client left").hasSize(after);
    } finally {
      source.destroy();
    }
  }

  @Test
  void withAPhaseEachEventIsEmittedAtThatOffsetOfItsPeriod() throws Exception {
    InProcessSessionEventPublisher events = new InProcessSessionEventPublisher();
    List<SessionEvent> got = new CopyOnWriteArrayList<>();
    events.subscribe(got::add);
    // 10 events/s: periods of 100 ms, each event 60 ms into its period.
    SyntheticEvents source = new SyntheticEvents(events, 10, 60, () -> true);
    try {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (got.size() < 7 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      source.destroy();
    }
    assertThat(got).hasSizeGreaterThanOrEqualTo(7);
    List<Long> offsets =
        got.stream().map(e -> e.emittedAt().toEpochMilli() % 100).sorted().toList();
    // Woken by a scheduler on a shared machine: late by a little, never early; the median sits
    // within 20 ms after the phase (without alignment it is anywhere in 0..99).
    assertThat(offsets.get(offsets.size() / 2)).as("offsets %s", offsets).isBetween(60L, 80L);
    // One event a period, none twice: as many distinct periods as events.
    assertThat(got.stream().map(e -> e.emittedAt().toEpochMilli() / 100).distinct().count())
        .isEqualTo(got.size());
  }
}
