package dev.redline.platform.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.session.InProcessSessionEventPublisher;
import dev.redline.platform.session.SessionEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The synthetic source emits only while someone is connected, so HTTP-only windows carry none. */
class SyntheticEventsTest {

  @Test
  void publishesOnlyWhileSomeoneListens() throws Exception {
    InProcessSessionEventPublisher events = new InProcessSessionEventPublisher();
    List<SessionEvent> got = new CopyOnWriteArrayList<>();
    events.subscribe(got::add);
    AtomicBoolean listening = new AtomicBoolean(false);
    SyntheticEvents source = new SyntheticEvents(events, 200, listening::get);
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
}
