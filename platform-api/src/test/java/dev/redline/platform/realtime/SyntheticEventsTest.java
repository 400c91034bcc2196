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
    SyntheticEvents source = new SyntheticEvents(events, 200, -1, false, listening::get);
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
    SyntheticEvents source = new SyntheticEvents(events, 10, 60, false, () -> true);
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

  @Test
  void alternatingPhasesHalfAPeriodApartTakeTheSlotsInTurnAndNeverCoincide() {
    long period = 100_000; // 10 events/s
    List<Long> base = ticks(0, period);
    List<Long> head = ticks(50_000, period);
    for (long second = 0; second < 3; second++) {
      long s = second;
      for (List<Long> side : List.of(base, head)) {
        List<Long> inSecond = side.stream().filter(t -> t / 1_000_000 == s).toList();
        assertThat(inSecond).hasSize(10);
        // Half of each side's ticks in each slot.
        assertThat(inSecond.stream().filter(t -> t % period == 0)).hasSize(5);
        assertThat(inSecond.stream().filter(t -> t % period == 50_000)).hasSize(5);
      }
    }
    assertThat(base).startsWith(0L, 150_000L, 200_000L, 350_000L);
    assertThat(head).startsWith(50_000L, 100_000L, 250_000L, 300_000L);
    assertThat(base).doesNotContainAnyElementsOf(head);
    // Without alternation the slot stays.
    assertThat(SyntheticEvents.nextTick(1_000_000, 0, period, false)).isEqualTo(1_100_000);
    assertThat(SyntheticEvents.nextTick(999_999, 60_000, period, false)).isEqualTo(1_060_000);
  }

  @Test
  void afterAStallTheMissedTicksAreSkippedNotEmittedBackToBack() {
    long period = 100_000;
    // On time (or woken early): the next tick is the one after this one.
    assertThat(
            SyntheticEvents.nextTick(
                SyntheticEvents.resumeAfter(1_000_000, 1_000_300, period), 0, period, true))
        .isEqualTo(1_150_000);
    assertThat(
            SyntheticEvents.nextTick(
                SyntheticEvents.resumeAfter(1_000_000, 999_000, period), 0, period, true))
        .isEqualTo(1_150_000);
    // Stalled for two seconds: the next tick comes after now, not 19 missed ones at once.
    assertThat(
            SyntheticEvents.nextTick(
                SyntheticEvents.resumeAfter(1_000_000, 3_010_000, period), 0, period, true))
        .isGreaterThan(3_010_000 - period / 4)
        .isEqualTo(3_000_000);
  }

  /** The ticks of the first three seconds of the wall clock, from its zero. */
  private static List<Long> ticks(long phase, long period) {
    List<Long> out = new java.util.ArrayList<>();
    for (long t = SyntheticEvents.nextTick(-1, phase, period, true);
        t < 3_000_000;
        t = SyntheticEvents.nextTick(t, phase, period, true)) {
      out.add(t);
    }
    return out;
  }
}
