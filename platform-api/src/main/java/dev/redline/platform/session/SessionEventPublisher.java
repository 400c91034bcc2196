package dev.redline.platform.session;

import java.util.List;
import java.util.function.Consumer;

/**
 * Fan-out of {@link SessionEvent}s from the engine and the API to whoever listens (the WebSocket
 * rooms). The in-process implementation delivers synchronously on the publishing thread; a
 * Redis-backed one can relay events between instances.
 */
public interface SessionEventPublisher {

  /** Delivers events, in order, to every current subscriber; never throws for a bad listener. */
  void publish(List<SessionEvent> events);

  default void publish(SessionEvent event) {
    publish(List.of(event));
  }

  /**
   * Registers a listener; it must be fast (hand work off to its own executor).
   *
   * @return closing it unsubscribes
   */
  AutoCloseable subscribe(Consumer<SessionEvent> listener);

  /**
   * Registers a listener told when events may have been lost: a relay between instances was broken
   * and works again, so subscribers should re-read the state they show. The in-process publisher
   * loses nothing and never calls it.
   *
   * @return closing it unsubscribes
   */
  default AutoCloseable onGap(Runnable listener) {
    return () -> {};
  }
}
