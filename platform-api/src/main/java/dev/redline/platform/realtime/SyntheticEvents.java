package dev.redline.platform.realtime;

import dev.redline.platform.session.SessionEvent;
import dev.redline.platform.session.SessionEventPublisher;
import dev.redline.platform.session.SessionStatus;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Load-measurement aid ({@code platform.realtime.synthetic-events-per-second > 0}): publishes that
 * many {@code session.progress} events per second, evenly spaced, through the normal publisher, so
 * the delivery-latency run has an exact event rate. The engine's own events come in one burst per
 * tick, which measures something else. Off by default; loud when on.
 */
@Component
@ConditionalOnExpression("${platform.realtime.synthetic-events-per-second:0} > 0")
class SyntheticEvents implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SyntheticEvents.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "synthetic-events");
            t.setDaemon(true);
            return t;
          });

  SyntheticEvents(SessionEventPublisher events, RealtimeSettings settings) {
    int perSecond = settings.syntheticEventsPerSecond();
    log.warn(
        "SYNTHETIC EVENTS ON: {} session.progress events/s with random session ids (load runs"
            + " only; unset platform.realtime.synthetic-events-per-second)",
        perSecond);
    UUID[] ids = new UUID[64];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = UUID.randomUUID();
    }
    long periodMicros = 1_000_000L / perSecond;
    long[] n = new long[1];
    timer.scheduleAtFixedRate(
        () -> {
          long i = n[0]++;
          events.publish(
              new SessionEvent(
                  SessionEvent.PROGRESS,
                  ids[(int) (i % ids.length)],
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
