package dev.redline.platform.realtime;

import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket side of one {@code /ws} connection after the {@code 101}: reads and decodes client
 * frames on Tomcat's I/O threads and writes this connection's outbox straight into the socket
 * without blocking, from whichever thread offers a frame (a fan-out writer, usually). Nothing is
 * handed to another thread per frame: a full socket registers for Tomcat's write event, and that
 * event resumes the outbox.
 *
 * <p>Tomcat's internal upgrade interface (the one its own WebSocket server uses) rather than the
 * Servlet streams, because only it lets a connection be closed from any thread and be told of a
 * timeout tick: a client that never answers our close frame, or stops reading altogether, is cut
 * off after {@link #CLOSE_WAIT_MS} or {@code platform.realtime.send-timeout}.
 */
public final class WsUpgrade implements InternalHttpUpgradeHandler, BoundedOutbox.Sink {

  private static final Logger log = LoggerFactory.getLogger(WsUpgrade.class);

  /** How long a closing connection waits for the client's close frame. */
  static final long CLOSE_WAIT_MS = 2_000;

  /**
   * One read buffer per I/O thread: the frame reader consumes everything it is given, so nothing
   * stays in the buffer between reads and 10,000 idle connections hold none.
   */
  private static final ThreadLocal<ByteBuffer> READ_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(8192));

  private SocketWrapperBase<?> socket;
  private RealtimeEndpoint.Context context;
  private BoundedOutbox outbox;
  private Connection connection;
  private FrameReader reader;

  private final AtomicBoolean closing = new AtomicBoolean();

  /** Set once the connection has ended (by either side); no more I/O after that. */
  private final AtomicBoolean ended = new AtomicBoolean();

  private volatile Frame closeFrame;
  private volatile long closeDeadlineMs;

  /** The client has sent its close frame, or broke the protocol: end once ours is written. */
  private volatile boolean endAfterClose;

  /** Written only inside drain, which runs on one thread at a time. */
  private boolean closeSent;

  /**
   * When the socket last refused bytes that are still waiting (0: nothing waits); written in drain,
   * read by the timeout tick.
   */
  private volatile long stalledSinceMs;

  /** Tomcat creates the instance; the endpoint gives it what it needs before {@link #init}. */
  public WsUpgrade() {}

  void attach(RealtimeEndpoint.Context context) {
    this.context = context;
  }

  @Override
  public void setSocketWrapper(SocketWrapperBase<?> wrapper) {
    this.socket = wrapper;
  }

  @Override
  public void init(WebConnection unused) {
    outbox = new BoundedOutbox(context.settings().outboundQueue(), this);
    connection =
        new Connection(
            outbox,
            this::close,
            context.rooms(),
            context.metrics(),
            context.settings(),
            context.mapper());
    reader = new FrameReader(context.settings().maxFrameBytes(), new Inbound());
    context.open().add(this);
  }

  @Override
  public SocketState upgradeDispatch(SocketEvent status) {
    switch (status) {
      case OPEN_READ -> {
        if (!readAll()) {
          return SocketState.CLOSED;
        }
      }
      case OPEN_WRITE -> outbox.resume();
      case STOP -> {
        goingAway();
        return SocketState.CLOSED;
      }
      default -> {
        return SocketState.CLOSED;
      }
    }
    return ended.get() ? SocketState.CLOSED : SocketState.UPGRADED;
  }

  /** Reads and decodes what has arrived; false at end of stream or on a read error. */
  private boolean readAll() {
    ByteBuffer buf = READ_BUFFER.get();
    try {
      while (!ended.get()) {
        buf.clear();
        int n = socket.read(false, buf);
        if (n < 0) {
          return false;
        }
        if (n == 0) {
          return true;
        }
        buf.flip();
        reader.feed(buf);
      }
      return false;
    } catch (IOException e) {
      log.debug("Read from {} failed: {}", socket, e.toString());
      return false;
    }
  }

  // ---- outbound ---------------------------------------------------------------------------------

  @Override
  public void drain(BoundedOutbox box) throws IOException {
    if (ended.get()) {
      return;
    }
    if (stalledSinceMs != 0) {
      if (socket.flush(false)) {
        socket.registerWriteInterest();
        return;
      }
      stalledSinceMs = 0;
    }
    boolean wrote = false;
    Frame f;
    while ((f = box.poll()) != null) {
      byte[] w = f.wire();
      socket.write(false, w, 0, w.length);
      wrote = true;
      context.metrics().delivered(f);
      if (!socket.canWrite()) {
        stalled();
        return;
      }
    }
    Frame c = closeFrame;
    if (c != null && !closeSent) {
      socket.write(false, c.wire(), 0, c.wire().length);
      closeSent = true;
      wrote = true;
    }
    if (wrote && socket.flush(false)) {
      stalled();
      return;
    }
    if (closeSent && endAfterClose) {
      finish();
    }
  }

  private void stalled() {
    if (stalledSinceMs == 0) {
      stalledSinceMs = System.currentTimeMillis();
    }
    socket.registerWriteInterest();
  }

  @Override
  public void overflowed() {
    context.metrics().droppedSlow.increment();
    close(Frame.TRY_AGAIN_LATER, "outbound queue overflowed: read faster");
  }

  @Override
  public void failed(Throwable error) {
    log.debug("Write to {} failed: {}", socket, error.toString());
    finish();
  }

  // ---- closing ----------------------------------------------------------------------------------

  /** Starts the closing handshake: no more frames, the close frame, then wait for the client's. */
  void close(int code, String reason) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    connection.leaveAll();
    outbox.close();
    closeDeadlineMs = System.currentTimeMillis() + CLOSE_WAIT_MS;
    closeFrame = Frame.close(code, reason);
    outbox.resume();
  }

  /** Queues a frame for this client; false when it is closing or its queue is full. */
  boolean offer(Frame f) {
    return !closing.get() && outbox.offer(f);
  }

  /** The service is stopping: 1001. */
  void goingAway() {
    close(Frame.GOING_AWAY, "server shutting down");
  }

  /** Sends a close frame (unless one is on its way) and ends the connection once it is written. */
  private void closeAndEnd(int code, String reason) {
    endAfterClose = true;
    if (closing.get()) {
      outbox.resume();
    } else {
      close(code, reason);
    }
  }

  /** Ends the connection now (idempotent, any thread). */
  private void finish() {
    if (end()) {
      socket.close();
    }
  }

  /** Leaves the rooms and the open set, once; false when the connection had already ended. */
  private boolean end() {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    if (connection != null) {
      connection.leaveAll();
      outbox.close();
      context.open().remove(this);
    }
    return true;
  }

  /** Tomcat's tick, about once a second: the close wait and the stalled-write limit. */
  @Override
  public void timeoutAsync(long now) {
    if (ended.get()) {
      return;
    }
    long stalled = stalledSinceMs;
    if (closing.get() && now > closeDeadlineMs) {
      finish();
    } else if (stalled != 0 && now - stalled > context.settings().sendTimeout().toMillis()) {
      log.debug("Closing {}: nothing could be written for {} ms", socket, now - stalled);
      finish();
    }
  }

  @Override
  public void destroy() {
    end();
  }

  @Override
  public void setSslSupport(SSLSupport sslSupport) {}

  @Override
  public void pause() {}

  /** Frames from the client: control frames here, messages to the {@link Connection}. */
  private final class Inbound implements FrameReader.Handler {
    @Override
    public void text(byte[] buf, int len) {
      if (!closing.get()) {
        connection.text(buf, len);
      }
    }

    @Override
    public void tooLong() {
      if (!closing.get()) {
        connection.tooLong();
      }
    }

    @Override
    public void binary() {
      if (!closing.get()) {
        connection.binary();
      }
    }

    @Override
    public void ping(byte[] payload) {
      outbox.offer(Frame.control(Frame.PONG, payload));
    }

    @Override
    public void close(int code, String reason) {
      // Echo the client's code; a close frame without one (1005) is answered 1000. The reader
      // has already failed codes no endpoint may send (1002).
      closeAndEnd(code == Frame.NO_STATUS ? Frame.NORMAL : code, "");
    }

    @Override
    public void protocolError(String why) {
      closeAndEnd(Frame.PROTOCOL_ERROR, why);
    }

    @Override
    public void invalidText(String why) {
      closeAndEnd(Frame.INVALID_PAYLOAD, why);
    }
  }
}
