package dev.redline.platform.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Single-instance publisher: a copy-on-write list of listeners, called on the caller's thread. */
@Component
public class InProcessSessionEventPublisher implements SessionEventPublisher {

  private static final Logger log = LoggerFactory.getLogger(InProcessSessionEventPublisher.class);

  private final List<Consumer<SessionEvent>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(List<SessionEvent> events) {
    if (listeners.isEmpty()) {
      return;
    }
    for (SessionEvent e : events) {
      for (Consumer<SessionEvent> l : listeners) {
        try {
          l.accept(e);
        } catch (RuntimeException ex) {
          log.warn("Session event listener failed on {}: {}", e.type(), ex.toString());
        }
      }
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<SessionEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
