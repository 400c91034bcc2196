package dev.redline.platform.realtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The {@code /ws} endpoint on Spring's WebSocket API: one {@link WsSession} per connection,
 * messages taken in parts (so a long one is never held whole), and the open set kept.
 */
final class RealtimeHandler extends AbstractWebSocketHandler implements AutoCloseable {

  private static final String KEY = WsSession.class.getName();

  private final RealtimeEndpoint.Context context;

  /** Closes run here, off the fan-out and I/O threads (see {@link WsSession}). */
  private final ExecutorService closer =
      new ThreadPoolExecutor(
          2,
          2,
          30,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "ws-closer");
            t.setDaemon(true);
            return t;
          });

  RealtimeHandler(RealtimeEndpoint.Context context) {
    this.context = context;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession ws) {
    WsSession s = new WsSession(ws, context, closer);
    ws.getAttributes().put(KEY, s);
    context.open().add(s);
  }

  @Override
  protected void handleTextMessage(WebSocketSession ws, TextMessage message) {
    if (ws.getAttributes().get(KEY) instanceof WsSession s) {
      s.connection.text(message.getPayload(), message.isLast());
    }
  }

  @Override
  protected void handleBinaryMessage(WebSocketSession ws, BinaryMessage message) {
    if (ws.getAttributes().get(KEY) instanceof WsSession s) {
      s.connection.binary(message.isLast());
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession ws, CloseStatus status) {
    if (ws.getAttributes().remove(KEY) instanceof WsSession s) {
      s.closed();
      context.open().remove(s);
    }
  }

  @Override
  public boolean supportsPartialMessages() {
    return true;
  }

  @Override
  public void close() {
    closer.shutdown();
  }
}
