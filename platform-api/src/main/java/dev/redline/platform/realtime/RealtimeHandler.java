package dev.redline.platform.realtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import tools.jackson.databind.json.JsonMapper;

/** The {@code /ws} endpoint: one {@link Connection} per session, partial frames accepted. */
@Component
class RealtimeHandler extends AbstractWebSocketHandler {

  private static final String KEY = Connection.class.getName();

  private final RoomBroadcaster rooms;
  private final RealtimeMetrics metrics;
  private final RealtimeSettings settings;
  private final JsonMapper mapper;

  /**
   * Closes run here, off the publishing and I/O threads: closing a stalled connection can wait up
   * to the blocking-send timeout (2 s) for its in-flight write.
   */
  private final ExecutorService closer =
      new ThreadPoolExecutor(
          4,
          4,
          30,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "ws-closer");
            t.setDaemon(true);
            return t;
          });

  RealtimeHandler(
      RoomBroadcaster rooms,
      RealtimeMetrics metrics,
      RealtimeSettings settings,
      JsonMapper mapper) {
    this.rooms = rooms;
    this.metrics = metrics;
    this.settings = settings;
    this.mapper = mapper;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession ws) {
    ws.getAttributes().put(KEY, new Connection(ws, rooms, metrics, settings, mapper, closer));
    metrics.open.incrementAndGet();
  }

  @Override
  protected void handleTextMessage(WebSocketSession ws, TextMessage message) {
    Connection c = (Connection) ws.getAttributes().get(KEY);
    if (c != null) {
      c.inbound(message.getPayload(), message.isLast());
    }
  }

  @Override
  protected void handleBinaryMessage(WebSocketSession ws, BinaryMessage message) {
    Connection c = (Connection) ws.getAttributes().get(KEY);
    if (c != null) {
      c.binary(message.isLast());
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession ws, CloseStatus status) {
    Connection c = (Connection) ws.getAttributes().remove(KEY);
    if (c != null) {
      c.closed();
      metrics.open.decrementAndGet();
    }
  }

  @Override
  public boolean supportsPartialMessages() {
    return true;
  }

  void shutdown() {
    closer.shutdown();
  }
}
