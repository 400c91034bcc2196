package dev.redline.simulations.realtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * The {@code /ws} load client (issue 3's performance targets), a plain JDK program so it runs with
 * one command and no build: {@code java
 * load-simulations/src/test/java/dev/redline/simulations/realtime/RealtimeLoad.java <mode> [--key
 * value]...}.
 *
 * <ul>
 *   <li>{@code hold}: open {@code --clients} connections (10,000) at {@code --connect-rate} per
 *       second, each in its own {@code session:<random>} room, ping each every 20 s for {@code
 *       --seconds} (60), report errors, unexpected closes and the server's heap (max of {@code
 *       jvm_memory_used_bytes{area="heap"}} sampled every 2 s).
 *   <li>{@code burst}: start {@code --clients} (1,000) handshakes within {@code --spread-ms} (0:
 *       all at the same instant); report connect time (connect call to the {@code 101} response)
 *       percentiles.
 *   <li>{@code latency}: {@code --clients} (1,000) join {@code --room} ({@code sessions}; {@code
 *       session:00000000-0000-4000-8000-000000005e5e} has the synthetic events alone); for {@code
 *       --seconds} (60) every event's {@code emitted_at} to receipt time is recorded; reports
 *       percentiles, the event rate and the seconds that had late frames, after {@code
 *       --warmup-seconds} (10) not recorded. Start the server with {@code
 *       PLATFORM_WS_SYNTHETIC_EVENTS=50 PLATFORM_ENGINE_ENABLED=false} for the 50 events/s shape.
 * </ul>
 *
 * Common: {@code --url ws://127.0.0.1:18120/ws}, {@code --token dev-viewer-token}, {@code
 * --metrics-token dev-admin-token} (the platform's {@code /actuator/prometheus} needs an admin),
 * {@code --io-threads 2}, {@code --result FILE} (latency and burst: the connect times and, for
 * latency, the delivery latencies as a histogram the checker imports, see {@link #writeResult}).
 * Exit code 1 when any connection failed or closed unexpectedly, 2 on bad usage.
 *
 * <p>The client is its own small non-blocking WebSocket implementation (RFC 6455, text frames,
 * masking, ping/pong, close) on a few selector threads: the JDK's {@code HttpClient} WebSocket used
 * as much CPU as the server did, and on a 2-core machine shared with the server that CPU is taken
 * from the server, so it measured the client. It does not check {@code Sec-WebSocket-Accept} (the
 * server is ours) and supports no extensions.
 */
public final class RealtimeLoad {

  private static final byte[] EMITTED = "\"emitted_at\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PONG = "{\"type\":\"pong\"".getBytes(StandardCharsets.US_ASCII);

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || (args.length - 1) % 2 != 0) {
      usage("expected a mode and --key value pairs");
    }
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        usage("expected --key, got '" + args[i] + "'");
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    String mode = args[0];
    String url = o.getOrDefault("url", "ws://127.0.0.1:18120/ws");
    String token = o.getOrDefault("token", "dev-viewer-token");
    String metricsToken = o.getOrDefault("metrics-token", "dev-admin-token");
    int clients = whole(o, "clients", mode.equals("hold") ? 10_000 : 1_000);
    int seconds = whole(o, "seconds", 60);
    int rate = whole(o, "connect-rate", 1_000);
    int spreadMs = whole(o, "spread-ms", 0);
    int ioThreads = whole(o, "io-threads", 2);
    result = o.get("result");
    URI uri = URI.create(url + "?token=" + token);
    if (!"ws".equals(uri.getScheme()) || uri.getPort() < 0) {
      usage("--url must look like ws://host:port/path, got '" + url + "'");
    }
    System.out.printf(
        "RealtimeLoad %s: %d clients, %s, %d io threads, load average %s%n",
        mode, clients, url, ioThreads, loadAverage());
    Client client = new Client(uri, ioThreads);
    boolean ok =
        switch (mode) {
          case "hold" -> hold(client, clients, seconds, rate, metricsToken);
          case "burst" ->
              burst(client, clients, spreadMs, whole(o, "bursts", 5), whole(o, "warmup-bursts", 3));
          case "latency" ->
              latency(
                  client,
                  clients,
                  seconds,
                  rate,
                  whole(o, "warmup-seconds", 10),
                  o.getOrDefault("room", "sessions"));
          default -> {
            usage("unknown mode '" + mode + "'; use hold, burst or latency");
            yield false;
          }
        };
    System.out.printf("load average after: %s%n", loadAverage());
    System.exit(ok ? 0 : 1);
  }

  private static void usage(String problem) {
    System.err.println("RealtimeLoad: " + problem);
    System.err.println(
        "usage: RealtimeLoad hold|burst|latency [--url ws://127.0.0.1:18120/ws] [--token t]"
            + " [--clients n] [--seconds s] [--connect-rate n/s] [--spread-ms ms]"
            + " [--io-threads n] [--warmup-seconds s] [--room r] [--bursts n] [--warmup-bursts n]"
            + " [--result file]");
    System.exit(2);
  }

  private static int whole(Map<String, String> o, String key, int dflt) {
    String v = o.get(key);
    if (v == null) {
      return dflt;
    }
    boolean zeroOk = key.equals("spread-ms") || key.equals("warmup-bursts");
    try {
      int n = Integer.parseInt(v);
      if (n < 0 || (n == 0 && !zeroOk)) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      usage(
          "--"
              + key
              + " must be a whole number "
              + (zeroOk ? "(0 or more)" : "above 0")
              + ", got '"
              + v
              + "'");
      return dflt;
    }
  }

  /** {@code --result}: where latency and burst write what the checker imports (null: nowhere). */
  private static String result;

  /** Name of the connect-time measurement in a result file (the checker's request name). */
  static final String CONNECT = "WS /ws connect";

  /** Name of the event-delivery measurement in a result file. */
  static final String DELIVERY = "WS /ws delivery";

  /**
   * Writes {@code --result}: a histogram per measurement, one line per distinct value, {@code
   * name<TAB>milliseconds<TAB>count}, values rounded to three significant digits; lines starting
   * with {@code #} are comments. The checker's {@code ingest.realtime.RealtimeResult} reads it.
   */
  static void writeResult(Map<String, long[]> sortedMicros) throws IOException {
    if (result == null) {
      return;
    }
    StringBuilder b = new StringBuilder("# RealtimeLoad result: measurement, ms, count\n");
    for (Map.Entry<String, long[]> e : sortedMicros.entrySet()) {
      long[] us = e.getValue();
      int i = 0;
      while (i < us.length) {
        long bin = bin(us[i]);
        int j = i;
        while (j < us.length && bin(us[j]) == bin) {
          j++;
        }
        b.append(e.getKey())
            .append('\t')
            .append(String.format(Locale.ROOT, "%.2f", bin / 1000.0))
            .append('\t')
            .append(j - i)
            .append('\n');
        i = j;
      }
    }
    Path path = Path.of(result);
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
    Files.writeString(path, b);
    System.out.printf("result written to %s%n", path);
  }

  /**
   * A value's bin in microseconds, three significant digits: 0.01 ms steps under 10 ms, 0.1 ms
   * under 100 ms, and so on (a few thousand lines however slow a run was).
   */
  static long bin(long us) {
    long step = 10;
    while (us >= step * 1000) {
      step *= 10;
    }
    return (us + step / 2) / step * step;
  }

  private static long[] connectMicros(List<Conn> cs) {
    return cs.stream()
        .filter(Conn::wasOpened)
        .mapToLong(c -> c.connectNanos / 1000)
        .sorted()
        .toArray();
  }

  // ---- modes ------------------------------------------------------------------------------------

  private static boolean hold(Client client, int n, int seconds, int rate, String metricsToken)
      throws Exception {
    List<Conn> cs = client.connectPaced(n, rate, i -> "session:" + UUID.randomUUID());
    long opened = cs.stream().filter(Conn::isOpen).count();
    System.out.printf("open: %d of %d (failed %d)%n", opened, n, n - opened);
    HeapProbe heap = new HeapProbe(client.uri, metricsToken);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long nextPing = 0;
    int pings = 0;
    while (System.nanoTime() < end) {
      heap.sample();
      if (System.nanoTime() >= nextPing) {
        for (Conn c : cs) {
          if (c.isOpen()) {
            c.sendText("{\"action\":\"ping\",\"id\":" + pings + "}");
          }
        }
        pings++;
        nextPing = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      }
      Thread.sleep(2000);
    }
    heap.sample();
    long closed = cs.stream().filter(c -> c.wasOpened() && !c.isOpen()).count();
    long pongs = cs.stream().mapToLong(c -> c.pongs.get()).sum();
    System.out.printf(
        "held %d s: still open %d, closed early %d, errors %d, pongs %d of %d%n",
        seconds, opened - closed, closed, client.errors.get(), pongs, (long) pings * opened);
    System.out.printf(
        "server heap used: max %.0f MiB (samples %d)%n", heap.maxBytes / 1048576.0, heap.samples);
    client.closeAll(cs);
    return opened == n && closed == 0 && client.errors.get() == 0;
  }

  private static boolean burst(Client client, int n, int spreadMs, int bursts, int warmups)
      throws Exception {
    // Warm-up, not recorded: JIT-compile the server's handshake path, as a long-running server
    // has; 3 rounds of n/2 paced connections, then `warmups` bursts of the measured shape.
    for (int round = 0; round < 3; round++) {
      client.closeAll(client.connectPaced(Math.max(1, n / 2), 500, i -> null));
    }
    for (int w = 0; w < warmups; w++) {
      Thread.sleep(500);
      client.closeAll(oneBurst(client, n, spreadMs));
    }
    System.out.printf(
        "warm-up done (%d bursts); measuring %d bursts of %d connections started %s%n",
        warmups, bursts, n, spreadMs == 0 ? "at the same instant" : "within " + spreadMs + " ms");
    List<Long> all = new ArrayList<>();
    boolean ok = true;
    for (int b = 1; b <= bursts; b++) {
      Thread.sleep(1000);
      long t0 = System.nanoTime();
      List<Conn> cs = oneBurst(client, n, spreadMs);
      long wall = System.nanoTime() - t0;
      long[] ms =
          cs.stream().filter(Conn::wasOpened).mapToLong(c -> c.connectNanos).sorted().toArray();
      Arrays.stream(ms).forEach(all::add);
      ok &= ms.length == n;
      System.out.printf(
          "  burst %d: connected %d of %d in %.0f ms wall; connect time ms: p50 %.1f p95 %.1f"
              + " p99 %.1f max %.1f%n",
          b,
          ms.length,
          n,
          wall / 1e6,
          pct(ms, 50) / 1e6,
          pct(ms, 95) / 1e6,
          pct(ms, 99) / 1e6,
          ms.length == 0 ? 0 : ms[ms.length - 1] / 1e6);
      client.closeAll(cs);
    }
    long[] pooled = all.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "all %d bursts (%d connections): connect time ms: p50 %.1f p95 %.1f p99 %.1f max %.1f;"
            + " errors %d%n",
        bursts,
        pooled.length,
        pct(pooled, 50) / 1e6,
        pct(pooled, 95) / 1e6,
        pct(pooled, 99) / 1e6,
        pooled.length == 0 ? 0 : pooled[pooled.length - 1] / 1e6,
        client.errors.get());
    writeResult(Map.of(CONNECT, Arrays.stream(pooled).map(ns -> ns / 1000).toArray()));
    return ok;
  }

  /** Starts n connections within spreadMs (0: in one go) and waits until all are open or failed. */
  private static List<Conn> oneBurst(Client client, int n, int spreadMs) throws Exception {
    List<Conn> cs = new ArrayList<>(n);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (spreadMs > 0) {
        sleepUntil(t0 + (long) (i * (spreadMs * 1e6) / n));
      }
      cs.add(client.connect(null));
    }
    CompletableFuture.allOf(cs.stream().map(c -> c.opened).toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .get(60, TimeUnit.SECONDS);
    return cs;
  }

  private static boolean latency(
      Client client, int n, int seconds, int rate, int warmup, String room) throws Exception {
    // Room for 1,000 clients x 50 events/s x 60 s with headroom; samples in microseconds.
    Recorder rec = new Recorder(8_000_000);
    List<Conn> cs = client.connectPaced(n, rate, i -> room);
    long opened = cs.stream().filter(Conn::isOpen).count();
    System.out.printf("open and in '%s': %d of %d%n", room, opened, n);
    // Not recorded: the server's first seconds of this traffic (JIT compilation of the write path).
    System.out.printf("warming up for %d s (not recorded)%n", warmup);
    Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(1, warmup)));
    rec.start();
    cs.forEach(c -> c.recorder = rec);
    // Markers the gate waits for to scrape the server's own delivery histogram over this window.
    System.out.printf("recording for %d s%n", seconds);
    long t0 = System.nanoTime();
    for (int i = 1; i <= seconds; i++) {
      Thread.sleep(1000);
      if (i % 10 == 0 && i < seconds) {
        System.out.printf("  %d s of %d: %d event frames%n", i, seconds, rec.n.get());
      }
    }
    cs.forEach(c -> c.recorder = null);
    System.out.println("recorded");
    double s = (System.nanoTime() - t0) / 1e9;
    long[] us = rec.sorted();
    long closed = cs.stream().filter(c -> c.wasOpened() && !c.isOpen()).count();
    System.out.printf(
        "%d event frames in %.1f s (%.1f events/s per client); emitted_at to receipt ms:"
            + " p50 %.2f p95 %.2f p99 %.2f p99.9 %.2f max %.2f; closed early %d, errors %d%n",
        us.length,
        s,
        us.length / s / Math.max(1, opened),
        pct(us, 50) / 1e3,
        pct(us, 95) / 1e3,
        pct(us, 99) / 1e3,
        pct(us, 99.9) / 1e3,
        us.length == 0 ? 0 : us[us.length - 1] / 1e3,
        closed,
        client.errors.get());
    System.out.println(rec.lateSeconds(50_000));
    Map<String, long[]> out = new LinkedHashMap<>();
    out.put(CONNECT, connectMicros(cs));
    out.put(DELIVERY, us);
    writeResult(out);
    client.closeAll(cs);
    return opened == n && closed == 0 && us.length > 0;
  }

  // ---- the client -------------------------------------------------------------------------------

  /** Connections spread over a few selector threads ({@link Loop}s). */
  static final class Client {
    final URI uri;
    final InetSocketAddress address;
    final byte[] handshake;
    final Loop[] loops;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    Client(URI uri, int ioThreads) {
      this.uri = uri;
      this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      this.handshake =
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + uri.getHost()
                  + ":"
                  + uri.getPort()
                  + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                  + Base64.getEncoder().encodeToString(key)
                  + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      this.loops = new Loop[ioThreads];
      for (int i = 0; i < ioThreads; i++) {
        loops[i] = new Loop("ws-client-" + i);
      }
    }

    /** Starts one connection now; {@code room} (may be null) is joined once it is open. */
    Conn connect(String room) {
      Conn c = new Conn(this, loops[Math.floorMod(next.getAndIncrement(), loops.length)], room);
      c.start();
      return c;
    }

    /** Connects n at {@code rate}/s with at most 200 handshakes in flight; waits for all. */
    List<Conn> connectPaced(int n, int rate, Function<Integer, String> room) throws Exception {
      List<Conn> cs = new ArrayList<>(n);
      List<CompletableFuture<?>> inFlight = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sleepUntil(t0 + (long) (i * 1e9 / rate));
        Conn c = connect(room.apply(i));
        cs.add(c);
        inFlight.add(c.ready);
        if (inFlight.size() >= 200) {
          awaitQuietly(inFlight);
        }
      }
      awaitQuietly(inFlight);
      System.out.printf("connected %d clients in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
      return cs;
    }

    private static void awaitQuietly(List<CompletableFuture<?>> fs) throws Exception {
      CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new))
          .exceptionally(e -> null)
          .get(60, TimeUnit.SECONDS);
      fs.clear();
    }

    void closeAll(List<Conn> cs) throws InterruptedException {
      cs.forEach(Conn::abort);
      Thread.sleep(200);
    }

    void failed(String why, boolean error) {
      int n = error ? errors.incrementAndGet() : closes.incrementAndGet();
      if (n <= 5) {
        System.out.println("connection " + (error ? "failed: " : "ended: ") + why);
      }
    }
  }

  /** One selector thread and its connections; other threads hand it work through {@link #run}. */
  static final class Loop {
    final Selector selector;
    static final int TASKS_PER_TURN = 16;
    final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    Loop(String name) {
      try {
        selector = Selector.open();
      } catch (IOException e) {
        throw new IllegalStateException("cannot open a selector", e);
      }
      Thread t = new Thread(this::loop, name);
      t.setDaemon(true);
      t.start();
    }

    void run(Runnable task) {
      tasks.add(task);
      selector.wakeup();
    }

    private void loop() {
      boolean backlog = false;
      while (true) {
        try {
          // A burst queues hundreds of connects; run a few per turn so answers that have arrived
          // are read (and timed) between them rather than after the whole queue.
          if (backlog) {
            selector.selectNow();
          } else {
            selector.select();
          }
          int ran = 0;
          for (Runnable r; ran < TASKS_PER_TURN && (r = tasks.poll()) != null; ran++) {
            r.run();
          }
          backlog = !tasks.isEmpty();
          Iterator<SelectionKey> it = selector.selectedKeys().iterator();
          while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            ((Conn) k.attachment()).onSelected(k);
          }
        } catch (IOException | RuntimeException e) {
          System.out.println("client loop error: " + e);
        }
      }
    }
  }

  /** One WebSocket connection; all its I/O runs on its loop's thread. */
  static final class Conn {
    final Client client;
    final Loop loop;
    final String room;

    /** Completes when the handshake is done (true) or failed (false). */
    final CompletableFuture<Boolean> opened = new CompletableFuture<>();

    /** Completes when open and the room's "subscribed" reply arrived, or on failure. */
    final CompletableFuture<Boolean> ready = new CompletableFuture<>();

    final AtomicLong pongs = new AtomicLong();
    volatile Recorder recorder;
    volatile long connectNanos = -1;
    volatile boolean open;

    private SocketChannel ch;
    private SelectionKey key;
    private long startNanos;
    private boolean upgraded;
    private boolean done;
    private ByteBuffer in = ByteBuffer.allocate(2048);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private ByteArrayOutputStream fragments;

    Conn(Client client, Loop loop, String room) {
      this.client = client;
      this.loop = loop;
      this.room = room;
    }

    boolean isOpen() {
      return open;
    }

    boolean wasOpened() {
      return connectNanos >= 0;
    }

    void start() {
      loop.run(
          () -> {
            try {
              // The clock starts at this client's connect call, as a client on its own machine
              // would start it; time spent queued behind this process's other connects is the
              // client's, not the server's (the burst's wall time still shows it).
              startNanos = System.nanoTime();
              ch = SocketChannel.open();
              ch.configureBlocking(false);
              ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
              boolean now = ch.connect(client.address);
              key = ch.register(loop.selector, now ? 0 : SelectionKey.OP_CONNECT, this);
              if (now) {
                connected();
              }
            } catch (IOException e) {
              fail("connect: " + e);
            }
          });
    }

    /** Sends one text frame (any thread). */
    void sendText(String text) {
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      loop.run(() -> write(frame(0x1, payload)));
    }

    /** Closes the socket without a close handshake (the end of a measurement). */
    void abort() {
      loop.run(
          () -> {
            done = true;
            open = false;
            closeChannel();
          });
    }

    void onSelected(SelectionKey k) {
      try {
        if (!k.isValid()) {
          return;
        }
        if (k.isConnectable()) {
          ch.finishConnect();
          connected();
        }
        if (k.isValid() && k.isWritable()) {
          flush();
        }
        if (k.isValid() && k.isReadable()) {
          read();
        }
      } catch (IOException e) {
        fail(e.toString());
      }
    }

    private void connected() throws IOException {
      key.interestOps(SelectionKey.OP_READ);
      write(ByteBuffer.wrap(client.handshake));
    }

    private void read() throws IOException {
      int n = ch.read(in);
      if (n < 0) {
        fail(upgraded ? "closed by the server without a close frame" : "closed before the upgrade");
        return;
      }
      in.flip();
      if (!upgraded && !upgrade()) {
        in.compact();
        return;
      }
      frames();
      in.compact();
    }

    /** Reads the HTTP response; true once it is complete and was a {@code 101}. */
    private boolean upgrade() {
      int end =
          indexOf(
              in.array(),
              in.arrayOffset() + in.position(),
              in.arrayOffset() + in.limit(),
              "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (end < 0) {
        if (in.limit() == in.capacity()) {
          fail("response headers longer than " + in.capacity() + " bytes");
        }
        return false;
      }
      byte[] head = new byte[end];
      in.get(head);
      in.position(in.position() + 4);
      String status = new String(head, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
      if (!status.startsWith("HTTP/1.1 101")) {
        fail("handshake answered '" + status + "'");
        return false;
      }
      upgraded = true;
      open = true;
      connectNanos = System.nanoTime() - startNanos;
      opened.complete(true);
      if (room == null) {
        ready.complete(true);
      } else {
        String join = "{\"action\":\"subscribe\",\"room\":\"" + room + "\"}";
        write(frame(0x1, join.getBytes(StandardCharsets.UTF_8)));
      }
      return true;
    }

    /** Handles every complete frame in {@code in} (server frames are never masked). */
    private void frames() {
      while (open && in.remaining() >= 2) {
        int p = in.position();
        int b0 = in.get(p) & 0xff;
        int b1 = in.get(p + 1) & 0x7f;
        int header = 2;
        long len = b1;
        if (b1 == 126) {
          if (in.remaining() < 4) {
            return;
          }
          len = ((in.get(p + 2) & 0xff) << 8) | (in.get(p + 3) & 0xff);
          header = 4;
        } else if (b1 == 127) {
          if (in.remaining() < 10) {
            return;
          }
          len = in.getLong(p + 2);
          header = 10;
        }
        if (len > 16 * 1024 * 1024) {
          fail("frame of " + len + " bytes");
          return;
        }
        if (in.remaining() < header + len) {
          if (header + len > in.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate((int) (header + len) * 2);
            bigger.put(in);
            bigger.flip();
            in = bigger;
          }
          return;
        }
        byte[] payload = new byte[(int) len];
        in.position(p + header);
        in.get(payload);
        frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
      }
    }

    private void frame(int opcode, boolean fin, byte[] payload) {
      switch (opcode) {
        case 0x0, 0x1 -> {
          if (!fin || fragments != null) {
            if (fragments == null) {
              fragments = new ByteArrayOutputStream();
            }
            fragments.writeBytes(payload);
            if (!fin) {
              return;
            }
            payload = fragments.toByteArray();
            fragments = null;
          }
          text(payload);
        }
        case 0x8 -> {
          int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
          fail("closed by the server with " + code);
        }
        case 0x9 -> write(frame(0xA, payload));
        default -> {} // pong, binary: nothing to do
      }
    }

    private void text(byte[] f) {
      long receivedMicros = micros(Instant.now());
      int at = indexOf(f, EMITTED);
      if (at >= 0) {
        // Parsed also while not recording, so the client's own code is compiled before it counts.
        int from = at + EMITTED.length;
        int to = from;
        while (to < f.length && f[to] != '"') {
          to++;
        }
        String emitted = new String(f, from, to - from, StandardCharsets.US_ASCII);
        long latency = receivedMicros - micros(Instant.parse(emitted));
        Recorder r = recorder;
        if (r != null) {
          r.record(latency);
        }
      } else if (startsWith(f, PONG)) {
        pongs.incrementAndGet();
      } else if (!ready.isDone() && new String(f, StandardCharsets.UTF_8).contains("subscribed")) {
        ready.complete(true);
      }
    }

    /** A masked client frame (RFC 6455 5.3). */
    private static ByteBuffer frame(int opcode, byte[] payload) {
      int len = payload.length;
      ByteBuffer b = ByteBuffer.allocate(len + (len < 126 ? 6 : 8));
      b.put((byte) (0x80 | opcode));
      if (len < 126) {
        b.put((byte) (0x80 | len));
      } else {
        b.put((byte) (0x80 | 126)).putShort((short) len);
      }
      byte[] mask = new byte[4];
      ThreadLocalRandom.current().nextBytes(mask);
      b.put(mask);
      for (int i = 0; i < len; i++) {
        b.put((byte) (payload[i] ^ mask[i & 3]));
      }
      return b.flip();
    }

    private void write(ByteBuffer b) {
      if (ch == null || !ch.isOpen()) {
        return;
      }
      try {
        if (out.isEmpty()) {
          ch.write(b);
        }
        if (b.hasRemaining()) {
          out.add(b);
          key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
      } catch (IOException e) {
        fail("write: " + e);
      }
    }

    private void flush() throws IOException {
      while (!out.isEmpty()) {
        ch.write(out.peek());
        if (out.peek().hasRemaining()) {
          return;
        }
        out.poll();
      }
      key.interestOps(SelectionKey.OP_READ);
    }

    /**
     * The connection has ended: a failed connect or handshake counts as an error; a close after the
     * upgrade shows as "closed early" in the modes' summaries (open but not {@link #isOpen}).
     */
    private void fail(String why) {
      if (done) {
        return;
      }
      done = true;
      open = false;
      client.failed((upgraded ? "closed: " : "") + why, !upgraded);
      opened.complete(false);
      ready.complete(false);
      closeChannel();
    }

    private void closeChannel() {
      try {
        if (ch != null) {
          ch.close();
        }
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  // ---- measurement helpers ----------------------------------------------------------------------

  /**
   * Latency samples (microseconds) in one preallocated array (extra samples are dropped), and per
   * second of the run the count of samples over a limit and the largest, to tell a steady tail from
   * one stall.
   */
  static final class Recorder {
    final AtomicLongArray samples;
    final AtomicInteger n = new AtomicInteger();
    final AtomicLongArray maxPerSecond = new AtomicLongArray(3600);
    final AtomicLongArray over50msPerSecond = new AtomicLongArray(3600);
    volatile long startNanos;

    Recorder(int capacity) {
      samples = new AtomicLongArray(capacity);
    }

    void start() {
      startNanos = System.nanoTime();
    }

    void record(long micros) {
      long v = Math.max(0, micros);
      int i = n.getAndIncrement();
      if (i < samples.length()) {
        samples.set(i, v);
      }
      int sec = (int) Math.min(3599, (System.nanoTime() - startNanos) / 1_000_000_000L);
      maxPerSecond.accumulateAndGet(sec, v, Math::max);
      if (v > 50_000) {
        over50msPerSecond.incrementAndGet(sec);
      }
    }

    /** The seconds that had frames later than {@code limitMicros}, worst first (at most 5). */
    String lateSeconds(long limitMicros) {
      List<Integer> late = new ArrayList<>();
      for (int i = 0; i < maxPerSecond.length(); i++) {
        if (maxPerSecond.get(i) > limitMicros) {
          late.add(i);
        }
      }
      if (late.isEmpty()) {
        return "no second had a frame later than " + limitMicros / 1000 + " ms";
      }
      late.sort((a, b) -> Long.compare(maxPerSecond.get(b), maxPerSecond.get(a)));
      StringBuilder b =
          new StringBuilder(
              late.size()
                  + " second(s) had frames later than "
                  + limitMicros / 1000
                  + " ms; worst:");
      for (int i : late.subList(0, Math.min(5, late.size()))) {
        b.append(
            String.format(
                " [second %d: %d late, max %.0f ms]",
                i, over50msPerSecond.get(i), maxPerSecond.get(i) / 1e3));
      }
      return b.toString();
    }

    long[] sorted() {
      int len = Math.min(n.get(), samples.length());
      long[] a = new long[len];
      for (int i = 0; i < len; i++) {
        a[i] = samples.get(i);
      }
      Arrays.sort(a);
      return a;
    }
  }

  /** Samples the server's heap from /actuator/prometheus (same host and port as the socket). */
  static final class HeapProbe {
    final HttpClient http = HttpClient.newHttpClient();
    final URI prometheus;
    double maxBytes;
    int samples;

    final String token;

    /** {@code token}: an admin's, since the platform's metrics endpoint needs that role. */
    HeapProbe(URI ws, String token) {
      this.token = token;
      prometheus =
          URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/actuator/prometheus");
    }

    void sample() {
      try {
        String body =
            http.send(
                    HttpRequest.newBuilder(prometheus)
                        .header("Authorization", "Bearer " + token)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        double sum = 0;
        for (String line : body.split("\n")) {
          if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          }
        }
        maxBytes = Math.max(maxBytes, sum);
        samples++;
      } catch (Exception e) {
        System.out.println("heap sample failed: " + e);
      }
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    return indexOf(hay, 0, hay.length, needle);
  }

  /**
   * Where {@code needle} starts in {@code hay[from, to)}, counted from {@code from}; -1: absent.
   */
  static int indexOf(byte[] hay, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i - from;
    }
    return -1;
  }

  /** Sleeps until {@code deadlineNanos} ({@link System#nanoTime}), if it is still ahead. */
  static void sleepUntil(long deadlineNanos) throws InterruptedException {
    long wait = deadlineNanos - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  static boolean startsWith(byte[] hay, byte[] prefix) {
    if (hay.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (hay[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static String loadAverage() {
    try {
      return Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "n/a";
    }
  }
}
