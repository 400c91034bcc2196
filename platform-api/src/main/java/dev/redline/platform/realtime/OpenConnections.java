package dev.redline.platform.realtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The {@code /ws} connections open now: counted by {@code platform_ws_connections}, and told the
 * server is going away (1001) when the application stops, before the web server closes their
 * sockets, so clients see a close frame and can reconnect elsewhere rather than a dropped socket.
 */
@Component
class OpenConnections implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OpenConnections.class);

  /** How long stopping waits for clients to answer the 1001 close frame. */
  static final long STOP_WAIT_MS = 1_000;

  /** What a client is sent after a gap in the relayed events. */
  static final Frame RESYNC =
      Frame.reply(
          "{\"type\":\"resync\",\"detail\":\"events may have been missed; re-read the"
              + " sessions you show over REST\"}");

  private final Set<WsSession> open = ConcurrentHashMap.newKeySet();
  private volatile boolean running;

  void add(WsSession c) {
    open.add(c);
  }

  void remove(WsSession c) {
    open.remove(c);
  }

  int size() {
    return open.size();
  }

  /**
   * Tells every open connection that events may have been missed (a relay between instances was
   * down): {@code {"type":"resync",...}}; clients re-read what they show over REST.
   */
  void resync() {
    int n = 0;
    for (WsSession c : open) {
      if (c.offer(RESYNC)) {
        n++;
      }
    }
    log.info("Told {} WebSocket client(s) to resync: events may have been missed", n);
  }

  @Override
  public void start() {
    running = true;
  }

  /** Stops before the web server does (the highest phase stops first). */
  @Override
  public void stop() {
    running = false;
    int n = open.size();
    if (n == 0) {
      return;
    }
    for (WsSession c : open) {
      c.goingAway();
    }
    long deadline = System.nanoTime() + STOP_WAIT_MS * 1_000_000;
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    log.info(
        "Told {} WebSocket client(s) the server is going away (1001); {} had not answered",
        n,
        open.size());
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
