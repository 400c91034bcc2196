import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 19's second candidate: the {@code /ws} fan-out on Netty's websocketx codec, to measure
 * against the platform's Spring WebSocket (Tomcat) with the same client ({@code RealtimeLoad}). A
 * measurement candidate, not a replacement: no database, no auth (any non-empty {@code ?token=} is
 * accepted; this measures delivery, not the token check), only the {@code sessions} and {@code
 * session:<id>} rooms, {@code subscribe}, {@code unsubscribe} and {@code ping} (docs/API.md
 * "WebSocket").
 *
 * <p>Events: like the platform's {@code SyntheticEvents}, {@code --events} (50) {@code
 * session.progress} events a second, evenly spaced, over 64 random session ids, with the platform's
 * frame text. Each event's text is encoded once into one {@link TextWebSocketFrame}; each
 * subscriber gets a {@code retainedDuplicate()} of it (shared bytes, own indexes). The fan-out runs
 * on the I/O threads: the timer hands each event loop one task with the subscribers it owns, so
 * writes never cross threads per channel. A subscriber whose channel is not writable (more than
 * {@code --high-water} bytes waiting; the platform's 256-frame queue is about 45 KiB of these
 * frames) is closed with 1013, like the platform's overflowing outbox.
 *
 * <p>Run (not part of any jar; the jars are the Netty version Spring Boot's BOM manages):
 *
 * <pre>
 * platform-api/perf/netty-ws-candidate.sh [--port 18191] [--events 50] [--io-threads 2]
 * </pre>
 */
public final class NettyWsCandidate {

  static final Pattern ACTION = Pattern.compile("\"action\"\\s*:\\s*\"([a-z]+)\"");
  static final Pattern ROOM = Pattern.compile("\"room\"\\s*:\\s*\"([^\"]*)\"");
  static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d{1,18}|\"[^\"]{0,64}\")");
  static final Pattern SESSION_ROOM =
      Pattern.compile("session:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Room name to its subscribers. */
  static final Map<String, Set<Channel>> rooms = new ConcurrentHashMap<>();

  static final AtomicLong written = new AtomicLong();
  static final AtomicLong slowClosed = new AtomicLong();

  public static void main(String[] args) throws Exception {
    Map<String, Integer> o = new HashMap<>(Map.of("port", 18191, "events", 50, "io-threads", 2));
    o.put("high-water", 64 * 1024);
    for (int i = 0; i < args.length; i++) {
      String key = args[i].startsWith("--") ? args[i].substring(2) : null;
      if (key == null || !o.containsKey(key) || i + 1 >= args.length) {
        usage("unknown or incomplete option '" + args[i] + "'");
      }
      String v = args[++i];
      try {
        int n = Integer.parseInt(v);
        if (n <= 0) {
          throw new NumberFormatException();
        }
        o.put(key, n);
      } catch (NumberFormatException e) {
        usage("--" + key + " must be a whole number above 0, got '" + v + "'");
      }
    }
    int highWater = o.get("high-water");
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(o.get("io-threads"), NioIoHandler.newFactory());
    try {
      Channel server =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 4096)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(highWater / 2, highWater))
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(8192))
                          .addLast(new TokenCheck())
                          .addLast(
                              new WebSocketServerProtocolHandler(
                                  WebSocketServerProtocolConfig.newBuilder()
                                      .websocketPath("/ws")
                                      .checkStartsWith(true)
                                      .maxFramePayloadLength(64 * 1024)
                                      .build()))
                          .addLast(new Frames());
                    }
                  })
              .bind("127.0.0.1", o.get("port"))
              .sync()
              .channel();
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "synthetic-events");
                t.setDaemon(true);
                return t;
              });
      UUID[] ids = new UUID[64];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = UUID.randomUUID();
      }
      long period = 1_000_000L / o.get("events");
      long[] n = new long[1];
      timer.scheduleAtFixedRate(
          () -> {
            long i = n[0]++;
            publish(ids[(int) (i % ids.length)], (int) (i % 100), Instant.now());
          },
          period,
          period,
          TimeUnit.MICROSECONDS);
      System.out.printf(
          "NettyWsCandidate on ws://127.0.0.1:%d/ws (Netty %s): %d events/s, %d io threads,"
              + " high water %d bytes; any non-empty token is accepted%n",
          o.get("port"),
          io.netty.util.Version.identify().getOrDefault("netty-codec-http", null).artifactVersion(),
          o.get("events"),
          o.get("io-threads"),
          highWater);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () ->
                      System.out.printf(
                          "frames written %d, slow readers closed %d%n",
                          written.get(), slowClosed.get())));
      server.closeFuture().sync();
    } finally {
      boss.shutdownGracefully();
      workers.shutdownGracefully();
    }
  }

  static void usage(String problem) {
    System.err.println("NettyWsCandidate: " + problem);
    System.err.println(
        "usage: NettyWsCandidate [--port 18191] [--events 50] [--io-threads 2]"
            + " [--high-water 65536]");
    System.exit(2);
  }

  /** One event to {@code sessions} and to {@code session:<id>}, each encoded once. */
  static void publish(UUID session, int progress, Instant at) {
    broadcast("sessions", session, progress, at);
    broadcast("session:" + session, session, progress, at);
  }

  static void broadcast(String room, UUID session, int progress, Instant at) {
    Set<Channel> members = rooms.get(room);
    if (members == null || members.isEmpty()) {
      return;
    }
    String text =
        "{\"type\":\"session.progress\",\"room\":\""
            + room
            + "\",\"session_id\":\""
            + session
            + "\",\"progress_percent\":"
            + progress
            + ",\"emitted_at\":\""
            + at
            + "\"}";
    ByteBuf bytes = Unpooled.directBuffer(text.length());
    ByteBufUtil.writeAscii(bytes, text);
    TextWebSocketFrame frame = new TextWebSocketFrame(bytes);
    // Group the subscribers by their event loop: one task per I/O thread, not one per channel.
    Map<EventLoop, List<Channel>> byLoop = new HashMap<>();
    for (Channel ch : members) {
      byLoop.computeIfAbsent(ch.eventLoop(), k -> new ArrayList<>()).add(ch);
    }
    for (Map.Entry<EventLoop, List<Channel>> e : byLoop.entrySet()) {
      List<Channel> part = e.getValue();
      TextWebSocketFrame share = frame.retainedDuplicate();
      e.getKey()
          .execute(
              () -> {
                try {
                  for (Channel ch : part) {
                    offer(ch, share);
                  }
                } finally {
                  share.release();
                }
              });
    }
    frame.release();
  }

  /** On the channel's own event loop: write and flush, or close a reader that fell behind. */
  static void offer(Channel ch, TextWebSocketFrame frame) {
    if (!ch.isActive()) {
      return;
    }
    if (!ch.isWritable()) {
      leave(ch);
      if (slowClosed.incrementAndGet() <= 10) {
        System.out.println("closing slow reader " + ch.remoteAddress() + " with 1013");
      }
      ch.writeAndFlush(new CloseWebSocketFrame(1013, "outbound queue overflowed: read faster"))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ch.writeAndFlush(frame.retainedDuplicate(), ch.voidPromise());
    written.incrementAndGet();
  }

  static void leave(Channel ch) {
    for (Map.Entry<String, Set<Channel>> e : rooms.entrySet()) {
      e.getValue().remove(ch);
    }
  }

  /** Before the upgrade: only {@code /ws}, and only with a non-empty {@code token}. */
  static final class TokenCheck extends SimpleChannelInboundHandler<FullHttpRequest> {
    TokenCheck() {
      super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      QueryStringDecoder q = new QueryStringDecoder(req.uri());
      HttpResponseStatus refusal = null;
      if (!q.path().equals("/ws")) {
        refusal = HttpResponseStatus.NOT_FOUND;
      } else {
        List<String> token = q.parameters().get("token");
        if (token == null || token.isEmpty() || token.get(0).isBlank()) {
          refusal = HttpResponseStatus.UNAUTHORIZED;
        }
      }
      if (refusal == null) {
        ctx.fireChannelRead(req);
        return;
      }
      req.release();
      DefaultFullHttpResponse res =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal, Unpooled.EMPTY_BUFFER);
      res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** After the upgrade: the client's text frames (subscribe, unsubscribe, ping). */
  static final class Frames extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
      String text = f.text();
      Matcher action = ACTION.matcher(text);
      String reply;
      if (!action.find()) {
        reply = error("expected {\"action\":...}");
      } else {
        switch (action.group(1)) {
          case "subscribe", "unsubscribe" -> {
            Matcher m = ROOM.matcher(text);
            String room = m.find() ? m.group(1) : null;
            if (room == null
                || !(room.equals("sessions") || SESSION_ROOM.matcher(room).matches())) {
              reply = error("unknown room");
            } else if (action.group(1).equals("subscribe")) {
              rooms.computeIfAbsent(room, k -> ConcurrentHashMap.newKeySet()).add(ctx.channel());
              reply = "{\"type\":\"subscribed\",\"room\":\"" + room + "\"}";
            } else {
              Set<Channel> members = rooms.get(room);
              if (members != null) {
                members.remove(ctx.channel());
              }
              reply = "{\"type\":\"unsubscribed\",\"room\":\"" + room + "\"}";
            }
          }
          case "ping" -> {
            Matcher id = ID.matcher(text);
            reply = "{\"type\":\"pong\"" + (id.find() ? ",\"id\":" + id.group(1) : "") + "}";
          }
          default -> reply = error("unknown action");
        }
      }
      ctx.writeAndFlush(new TextWebSocketFrame(reply));
    }

    static String error(String detail) {
      return "{\"type\":\"error\",\"detail\":\"" + detail + "\"}";
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      leave(ctx.channel());
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private NettyWsCandidate() {}
}
