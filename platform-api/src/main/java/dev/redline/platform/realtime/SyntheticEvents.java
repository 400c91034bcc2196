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

  @Autowired
  SyntheticEvents(
      SessionEventPublisher events, RealtimeSettings settings, OpenConnections connections) {
    this(events, settings.syntheticEventsPerSecond(), () -> connections.size() > 0);
  }

  /**
   * @param listening whether anyone may receive an event now; a tick while it is false publishes
   *     nothing (and does not advance the event sequence)
   */
  SyntheticEvents(SessionEventPublisher events, int perSecond, BooleanSupplier listening) {
    log.warn(
        "SYNTHETIC EVENTS ON: {} session.progress events/s of session {} (load runs only; unset"
            + " platform.realtime.synthetic-events-per-second)",
        perSecond,
        SESSION);
    long periodMicros = 1_000_000L / perSecond;
    long[] n = new long[1];
    timer.scheduleAtFixedRate(
        () -> {
          if (!listening.getAsBoolean()) {
            return;
          }
          long i = n[0]++;
          events.publish(
              new SessionEvent(
                  SessionEvent.PROGRESS,
                  SESSION,
                  SessionStatus.RUNNING,
                  (int) (i % 100),
                  Instant.now()));
        },
        periodMicros,
        periodMicros,
        TimeUnit.MICROSECONDS);
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
