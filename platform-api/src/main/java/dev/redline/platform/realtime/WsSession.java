package dev.redline.platform.realtime;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * The transport side of one {@code /ws} connection: its {@link BoundedOutbox} drained into the
 * Spring {@link WebSocketSession} (Tomcat's JSR-356 session underneath), and closing. The library
 * does the framing, the control frames and the close handshake; this class decides what is written
 * when, and who is closed.
 *
 * <p>Closes run on {@code closer}, never on a fan-out writer or an I/O thread: Tomcat writes the
 * close frame with a blocking send, which waits for a stalled socket up to {@link
 * #BLOCKING_SEND_TIMEOUT_MS}.
 */
final class WsSession implements BoundedOutbox.Sink {

  private static final Logger log = LoggerFactory.getLogger(WsSession.class);

  /** Tomcat's limit on a blocking send (ms), the close frame's included (its default is 20 s). */
  static final long BLOCKING_SEND_TIMEOUT_MS = 2_000;

  /** How long Tomcat waits for the client's close frame after sending ours (ms). */
  static final long CLOSE_WAIT_MS = 2_000;

  static final CloseStatus SLOW_READER =
      new CloseStatus(1013, "outbound queue overflowed: read faster");
  static final CloseStatus TOO_MANY_BAD_FRAMES =
      CloseStatus.POLICY_VIOLATION.withReason("too many bad frames");
  static final CloseStatus GOING_AWAY = CloseStatus.GOING_AWAY.withReason("server shutting down");

  private final WebSocketSession ws;
  private final RemoteEndpoint.Async async;
  private final RealtimeMetrics metrics;
  private final Executor closer;
  final BoundedOutbox outbox;
  final Connection connection;

  private final AtomicBoolean closing = new AtomicBoolean();

  /** Async mode: a frame is being written; the next waits for its completion. */
  private volatile boolean inFlight;

  WsSession(WebSocketSession ws, RealtimeEndpoint.Context context, Executor closer) {
    this.ws = ws;
    Session nat = ((StandardWebSocketSession) ws).getNativeSession(Session.class);
    nat.getUserProperties()
        .put("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", BLOCKING_SEND_TIMEOUT_MS);
    nat.getUserProperties().put("org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT", CLOSE_WAIT_MS);
    this.async = context.settings().asyncSends() ? nat.getAsyncRemote() : null;
    this.metrics = context.metrics();
    this.closer = closer;
    this.outbox = new BoundedOutbox(context.settings().outboundQueue(), this);
    this.connection =
        new Connection(
            outbox,
            this::close,
            context.rooms(),
            context.metrics(),
            context.settings(),
            context.mapper());
  }

  @Override
  public void drain(BoundedOutbox box) throws IOException {
    if (async != null) {
      drainAsync(box);
      return;
    }
    Frame f;
    while ((f = box.poll()) != null) {
      ws.sendMessage(new TextMessage(f.text()));
      metrics.delivered(f);
    }
  }

  /** One frame in flight; its completion drains the next. */
  private void drainAsync(BoundedOutbox box) {
    if (inFlight) {
      return;
    }
    Frame f = box.poll();
    if (f == null) {
      return;
    }
    inFlight = true;
    async.sendText(
        f.text(),
        r -> {
          inFlight = false;
          if (r.isOK()) {
            metrics.delivered(f);
            box.resume();
          } else {
            box.close();
            failed(r.getException());
          }
        });
  }

  @Override
  public void overflowed() {
    metrics.droppedSlow.increment();
    close(SLOW_READER.getCode(), SLOW_READER.getReason());
  }

  /**
   * A write failed: one that timed out (the socket took nothing for the send timeout) is a reader
   * that stopped reading, closed like one that overflowed; anything else ends the connection.
   */
  @Override
  public void failed(Throwable error) {
    log.debug("Write to {} failed: {}", ws.getId(), error.toString());
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        overflowed();
        return;
      }
    }
    close(CloseStatus.SESSION_NOT_RELIABLE.getCode(), "write failed");
  }

  /** Queues a frame for this client; false when it is closing or its queue is full. */
  boolean offer(Frame f) {
    return !closing.get() && outbox.offer(f);
  }

  /** The service is stopping: 1001. */
  void goingAway() {
    close(GOING_AWAY.getCode(), GOING_AWAY.getReason());
  }

  /** Starts the closing handshake (once, any thread): no more frames, then the close frame. */
  void close(int code, String reason) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    connection.leaveAll();
    outbox.close();
    closer.execute(
        () -> {
          try {
            ws.close(new CloseStatus(code, reason));
          } catch (IOException | RuntimeException e) {
            log.debug("Closing {} failed: {}", ws.getId(), e.toString());
          }
        });
  }

  /** The library reports the connection closed (either side, or the transport). */
  void closed() {
    closing.set(true);
    connection.leaveAll();
    outbox.close();
  }
}
