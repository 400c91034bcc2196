package dev.redline.platform.cluster;

import dev.redline.platform.session.SessionEvent;
import dev.redline.platform.session.SessionEventPublisher;
import dev.redline.platform.session.SessionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session events across instances: what this instance publishes is delivered here at once (same
 * thread, as in one process) and sent on the Redis channel {@code events}; what other instances
 * send there is delivered here. Each batch carries its origin, so an instance skips its own.
 *
 * <p>At most once across instances: Redis pub/sub keeps nothing, so while an instance's link is
 * down, local delivery goes on and the events between it and the others are lost (logged by {@link
 * RedisLink}). When the link is back, the instance tells its own listeners of the gap ({@link
 * #onGap}) and publishes a notice on {@code resync} so every other instance tells theirs: their
 * WebSocket clients then re-read the state over REST.
 *
 * <p>Wire format (one message per batch, one line per event, no JSON library on the hot path):
 * {@code origin\ntype|session_id|status|progress|emitted_at_epoch_micros\n...}.
 */
public final class RelayedSessionEventPublisher implements SessionEventPublisher {

  private static final Logger log = LoggerFactory.getLogger(RelayedSessionEventPublisher.class);

  static final String CHANNEL = "events";
  static final String RESYNC_CHANNEL = "resync";

  private final SessionEventPublisher local;
  private final RedisLink link;
  private final LongAdder originated = new LongAdder();
  private final LongAdder relayedIn = new LongAdder();
  private final LongAdder gaps = new LongAdder();
  private final List<Runnable> gapListeners = new CopyOnWriteArrayList<>();

  public RelayedSessionEventPublisher(SessionEventPublisher local, RedisLink link) {
    this.local = local;
    this.link = link;
    link.listen(CHANNEL, this::received);
    link.listen(
        RESYNC_CHANNEL,
        origin -> {
          if (!origin.equals(link.instanceId())) {
            gap();
          }
        });
    link.afterReconnect(
        () -> {
          gap();
          link.publishAsync(RESYNC_CHANNEL, link.instanceId());
        });
  }

  @Override
  public void publish(List<SessionEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    originated.add(events.size());
    local.publish(events);
    link.publishAsync(CHANNEL, encode(link.instanceId(), events));
  }

  @Override
  public AutoCloseable subscribe(Consumer<SessionEvent> listener) {
    return local.subscribe(listener);
  }

  @Override
  public AutoCloseable onGap(Runnable listener) {
    gapListeners.add(listener);
    return () -> gapListeners.remove(listener);
  }

  /** Gaps this instance's listeners were told of since start. */
  public long gaps() {
    return gaps.sum();
  }

  private void gap() {
    gaps.increment();
    for (Runnable l : gapListeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        log.warn("Gap listener failed: {}", e.toString());
      }
    }
  }

  /** Events published on this instance since start. */
  public long originated() {
    return originated.sum();
  }

  /** Events received from other instances since start. */
  public long relayedIn() {
    return relayedIn.sum();
  }

  private void received(String message) {
    int nl = message.indexOf('\n');
    if (nl < 0
        || message.regionMatches(0, link.instanceId(), 0, nl) && nl == link.instanceId().length()) {
      return;
    }
    List<SessionEvent> events = decode(message.substring(nl + 1));
    relayedIn.add(events.size());
    local.publish(events);
  }

  static String encode(String origin, List<SessionEvent> events) {
    StringBuilder b = new StringBuilder(origin.length() + 1 + events.size() * 90);
    b.append(origin);
    for (SessionEvent e : events) {
      Instant t = e.emittedAt();
      b.append('\n')
          .append(e.type())
          .append('|')
          .append(e.sessionId())
          .append('|')
          .append(e.status().name())
          .append('|')
          .append(e.progressPercent())
          .append('|')
          .append(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
    }
    return b.toString();
  }

  static List<SessionEvent> decode(String lines) {
    List<SessionEvent> out = new ArrayList<>();
    for (String line : lines.split("\n")) {
      String[] f = line.split("\\|", 5);
      if (f.length != 5) {
        continue;
      }
      long micros = Long.parseLong(f[4]);
      out.add(
          new SessionEvent(
              f[0],
              UUID.fromString(f[1]),
              SessionStatus.valueOf(f[2]),
              Integer.parseInt(f[3]),
              Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000)));
    }
    return out;
  }
}
