package dev.redline.platform.realtime;

import dev.redline.platform.session.SessionEvent;
import dev.redline.platform.session.SessionEventPublisher;
import dev.redline.platform.session.SessionStatus;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Load-measurement aid ({@code platform.realtime.synthetic-events-per-second > 0}): publishes that
 * many {@code session.progress} events per second, evenly spaced, through the normal publisher, so
 * the delivery-latency run has an exact event rate. The engine's own events come in one burst per
 * tick, which measures something else. They all carry session id {@link #SESSION}, so room {@code
 * session:<that id>} has them alone. Off by default; loud when on.
 *
 * <p>Events are published only while this instance has an open {@code /ws} connection: a platform
 * that serves HTTP load with the source on (the gate's rounds, an HTTP window then a WebSocket
 * window) spends nothing on events nobody receives, so the HTTP measurements do not carry them.
 * With several instances each one emits while it has clients of its own.
 */
@Component
@ConditionalOnExpression("${platform.realtime.synthetic-events-per-second:0} > 0")
class SyntheticEvents implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SyntheticEvents.class);

  /**
   * The one session id of every synthetic event: a client of room {@code session:<this id>} gets
   * the synthetic events only, evenly spaced, without the engine's bursts (the gate's /ws window).
   */
  static final UUID SESSION = UUID.fromString("00000000-0000-4000-8000-000000005e5e");

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "synthetic-events");
            t.setDaemon(true);
            return t;
          });

  private final SessionEventPublisher events;
  private final BooleanSupplier listening;
  private final long periodMicros;
  private final long phaseMicros;
  private final boolean alternate;
  private long sequence;

  @Autowired
  SyntheticEvents(
      SessionEventPublisher events, RealtimeSettings settings, OpenConnections connections) {
    this(
        events,
        settings.syntheticEventsPerSecond(),
        settings.syntheticEventsPhaseMillis(),
        settings.syntheticEventsAlternate(),
        () -> connections.size() > 0);
  }

  /**
   * @param phaseMillis -1: ticks from now on, one period apart; else each tick at this offset
   *     (modulo the period) within a period of the wall clock
   * @param alternate with a phase: in the odd periods of the wall clock half a period later
   * @param listening whether anyone may receive an event now; a tick while it is false publishes
   *     nothing (and does not advance the event sequence)
   */
  SyntheticEvents(
      SessionEventPublisher events,
      int perSecond,
      int phaseMillis,
      boolean alternate,
      BooleanSupplier listening) {
    this.events = events;
    this.alternate = alternate;
    this.listening = listening;
    this.periodMicros = 1_000_000L / perSecond;
    this.phaseMicros = phaseMillis < 0 ? -1 : Math.floorMod(phaseMillis * 1_000L, periodMicros);
    log.warn(
        "SYNTHETIC EVENTS ON: {} session.progress events/s of session {}{} (load runs only; unset"
            + " platform.realtime.synthetic-events-per-second)",
        perSecond,
        SESSION,
        phaseMicros < 0
            ? ""
            : ", at "
                + phaseMicros
                + " us into each period of the wall clock"
                + (alternate ? " (half a period later in odd periods)" : ""));
    if (phaseMicros < 0) {
      timer.scheduleAtFixedRate(this::emit, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    } else {
      scheduleAligned(Frame.nowMicros());
    }
  }

  /**
   * The next tick at the phase, from the wall clock each time: two instances' ticks keep their
   * offset however long they run (a fixed rate from two start-ups has an arbitrary offset, and in
   * the gate's /ws window the side whose events came while the other's were being delivered was up
   * to 20% slower for the life of the pair).
   */
  private void scheduleAligned(long afterMicros) {
    long tick = nextTick(afterMicros, phaseMicros, periodMicros, alternate);
    try {
      timer.schedule(
          () -> {
            emit();
            scheduleAligned(resumeAfter(tick, Frame.nowMicros(), periodMicros));
          },
          Math.max(0, tick - Frame.nowMicros()),
          TimeUnit.MICROSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // destroyed
    }
  }

  /**
   * After the tick at {@code tickMicros} ran at {@code nowMicros}: where to look for the next one.
   * Normally right after the tick (a timer that woke a little early must not emit the same tick
   * twice); after a stall of more than a quarter period, from now, so the ticks it missed are
   * skipped, not emitted back to back.
   */
  static long resumeAfter(long tickMicros, long nowMicros, long period) {
    return Math.max(tickMicros, nowMicros - period / 4);
  }

  /**
   * The first tick of the wall clock strictly after {@code afterMicros}: {@code phase} into its
   * period, or with {@code alternate} half a period later in every odd period. Two instances given
   * phases half a period apart then never emit together and take the two slots in turn, so neither
   * keeps for a whole gate a slot the machine may favour: with fixed slots (base at 0, head at 50
   * ms) the head's /ws delivery came out 9-13% faster in two gates of one build; swapping every
   * second removed that but left a 3 s window two seconds in one slot, and the round ratios spread
   * by 13%.
   */
  static long nextTick(long afterMicros, long phase, long period, boolean alternate) {
    for (long k = Math.floorDiv(afterMicros, period); ; k++) {
      boolean odd = alternate && Math.floorMod(k, 2L) == 1;
      long t = k * period + (odd ? (phase + period / 2) % period : phase);
      if (t > afterMicros) {
        return t;
      }
    }
  }

  private void emit() {
    if (!listening.getAsBoolean()) {
      return;
    }
    long i = sequence++;
    events.publish(
        new SessionEvent(
            SessionEvent.PROGRESS, SESSION, SessionStatus.RUNNING, (int) (i % 100), Instant.now()));
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
