package dev.redline.simulations.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *   <li>{@code burst}: start {@code --clients} (1,000) handshakes at the same instant; report
 *       connect time (request to open) percentiles.
 *   <li>{@code latency}: {@code --clients} (1,000) join the {@code sessions} room; for {@code
 *       --seconds} (60) every event's {@code emitted_at} to receipt time is recorded; reports
 *       percentiles and the event rate. Start the server with {@code
 *       PLATFORM_WS_SYNTHETIC_EVENTS=50 PLATFORM_ENGINE_ENABLED=false} for the 50 events/s shape.
 * </ul>
 *
 * Common: {@code --url ws://127.0.0.1:18120/ws}, {@code --token dev-viewer-token}. Exit code 1 when
 * any connection failed or closed unexpectedly.
 */
public final class RealtimeLoad {

  private static final Pattern EMITTED = Pattern.compile("\"emitted_at\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: RealtimeLoad hold|burst|latency [--url ws://127.0.0.1:18120/ws] [--token t]"
              + " [--clients n] [--seconds s] [--connect-rate n/s]");
      System.exit(2);
    }
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String url = o.getOrDefault("url", "ws://127.0.0.1:18120/ws");
    String token = o.getOrDefault("token", "dev-viewer-token");
    String mode = args[0];
    int clients =
        Integer.parseInt(o.getOrDefault("clients", mode.equals("hold") ? "10000" : "1000"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
    int rate = Integer.parseInt(o.getOrDefault("connect-rate", "1000"));
    URI uri = URI.create(url + "?token=" + token);
    System.out.printf(
        "RealtimeLoad %s: %d clients, %s, load average %s%n", mode, clients, url, loadAverage());
    boolean ok =
        switch (mode) {
          case "hold" -> hold(uri, clients, seconds, rate);
          case "burst" -> burst(uri, clients);
          case "latency" -> latency(uri, clients, seconds, rate);
          default -> {
            System.err.println("unknown mode '" + mode + "'; use hold, burst or latency");
            System.exit(2);
            yield false;
          }
        };
    System.out.printf("load average after: %s%n", loadAverage());
    System.exit(ok ? 0 : 1);
  }

  // ---- modes
  // --------------------------------------------------------------------------------------

  private static boolean hold(URI uri, int n, int seconds, int rate) throws Exception {
    Pool pool = new Pool();
    List<Client> cs = connectPaced(pool, uri, n, rate, c -> "session:" + UUID.randomUUID());
    long opened = cs.stream().filter(c -> c.ws != null).count();
    System.out.printf("open: %d of %d (failed %d)%n", opened, n, n - opened);
    HeapProbe heap = new HeapProbe(uri);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long nextPing = 0;
    int pings = 0;
    while (System.nanoTime() < end) {
      heap.sample();
      if (System.nanoTime() >= nextPing) {
        for (Client c : cs) {
          if (c.ws != null && !c.closed.isDone()) {
            c.ws.sendText("{\"action\":\"ping\",\"id\":" + pings + "}", true);
          }
        }
        pings++;
        nextPing = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      }
      Thread.sleep(2000);
    }
    heap.sample();
    long closed = cs.stream().filter(c -> c.closed.isDone()).count();
    long pongs = cs.stream().mapToLong(c -> c.pongs.get()).sum();
    System.out.printf(
        "held %d s: still open %d, closed early %d, errors %d, pongs %d of %d%n",
        seconds, opened - closed, closed, pool.errors.get(), pongs, (long) pings * opened);
    System.out.printf(
        "server heap used: max %.0f MiB (samples %d)%n", heap.maxBytes / 1048576.0, heap.samples);
    cs.forEach(Client::abort);
    return opened == n && closed == 0 && pool.errors.get() == 0;
  }

  private static boolean burst(URI uri, int n) throws Exception {
    Pool pool = new Pool();
    // Warm-up: a cold client JVM (class loading, JIT of the JDK WebSocket code) adds hundreds of
    // ms per handshake that are not the server's; 3 rounds of n/2 paced connections first.
    for (int round = 0; round < 3; round++) {
      connectPaced(pool, uri, Math.max(1, n / 2), 500, c -> "sessions").forEach(Client::abort);
    }
    Thread.sleep(1000);
    List<Client> cs = new ArrayList<>(n);
    List<CompletableFuture<WebSocket>> fs = new ArrayList<>(n);
    long[] connectNanos = new long[n];
    for (int i = 0; i < n; i++) {
      cs.add(new Client(null));
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int k = i;
      long start = System.nanoTime();
      fs.add(
          pool.next()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(30))
              .buildAsync(uri, cs.get(i))
              .whenComplete(
                  (ws, e) -> {
                    connectNanos[k] = e == null ? System.nanoTime() - start : -1;
                    if (e != null) {
                      pool.errors.incrementAndGet();
                    }
                  }));
    }
    CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    long wall = System.nanoTime() - t0;
    long[] ok = Arrays.stream(connectNanos).filter(x -> x >= 0).sorted().toArray();
    System.out.printf(
        "connected %d of %d in %.0f ms wall; connect time ms: p50 %.1f p95 %.1f p99 %.1f max %.1f%n",
        ok.length,
        n,
        wall / 1e6,
        pct(ok, 50) / 1e6,
        pct(ok, 95) / 1e6,
        pct(ok, 99) / 1e6,
        ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6);
    for (CompletableFuture<WebSocket> f : fs) {
      WebSocket ws = f.getNow(null);
      if (ws != null) {
        ws.abort();
      }
    }
    return ok.length == n;
  }

  private static boolean latency(URI uri, int n, int seconds, int rate) throws Exception {
    Pool pool = new Pool();
    // Room for 1,000 clients x 50 events/s x 60 s with headroom; samples in microseconds.
    Recorder rec = new Recorder(8_000_000);
    List<Client> cs = connectPaced(pool, uri, n, rate, c -> "sessions");
    long opened = cs.stream().filter(c -> c.ws != null).count();
    System.out.printf("open and in 'sessions': %d of %d%n", opened, n);
    Thread.sleep(1000); // let subscriptions settle
    cs.forEach(c -> c.recorder = rec);
    long t0 = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    cs.forEach(c -> c.recorder = null);
    double s = (System.nanoTime() - t0) / 1e9;
    long[] us = rec.sorted();
    long closed = cs.stream().filter(c -> c.closed.isDone()).count();
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
        pool.errors.get());
    cs.forEach(Client::abort);
    return opened == n && closed == 0 && us.length > 0;
  }

  // ---- plumbing
  // -----------------------------------------------------------------------------------

  interface RoomFor {
    String room(Client c);
  }

  /** Connects n clients at {@code rate}/s with at most 200 handshakes in flight; joins rooms. */
  private static List<Client> connectPaced(Pool pool, URI uri, int n, int rate, RoomFor rooms)
      throws Exception {
    List<Client> cs = new ArrayList<>(n);
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = t0 + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      Client c = new Client(null);
      cs.add(c);
      String room = rooms.room(c);
      inFlight.add(
          pool.next()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(30))
              .buildAsync(uri, c)
              .thenAccept(
                  ws -> {
                    c.ws = ws;
                    ws.sendText("{\"action\":\"subscribe\",\"room\":\"" + room + "\"}", true);
                  })
              .exceptionally(
                  e -> {
                    if (pool.errors.incrementAndGet() <= 5) {
                      System.out.println("connect failed: " + e);
                    }
                    return null;
                  }));
      if (inFlight.size() >= 200) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        inFlight.clear();
      }
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    System.out.printf("connected %d clients in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    return cs;
  }

  /** Several HttpClients: one selector thread each, so the client is not the bottleneck. */
  static final class Pool {
    final HttpClient[] clients = new HttpClient[8];
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();

    Pool() {
      for (int i = 0; i < clients.length; i++) {
        clients[i] = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
      }
    }

    HttpClient next() {
      return clients[Math.floorMod(next.getAndIncrement(), clients.length)];
    }
  }

  static final class Client implements WebSocket.Listener {
    volatile WebSocket ws;
    volatile Recorder recorder;
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final AtomicLong pongs = new AtomicLong();
    private final StringBuilder part = new StringBuilder();

    Client(WebSocket ws) {
      this.ws = ws;
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      long nowMicros = micros(Instant.now());
      part.append(data);
      if (last) {
        String f = part.toString();
        part.setLength(0);
        Recorder r = recorder;
        if (r != null) {
          Matcher m = EMITTED.matcher(f);
          if (m.find()) {
            r.record(nowMicros - micros(Instant.parse(m.group(1))));
          }
        } else if (f.startsWith("{\"type\":\"pong\"")) {
          pongs.incrementAndGet();
        }
      }
      w.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
      closed.complete(code);
      return null;
    }

    @Override
    public void onError(WebSocket w, Throwable error) {
      closed.complete(-1);
    }

    void abort() {
      if (ws != null) {
        ws.abort();
      }
    }
  }

  /** Latency samples (microseconds) in one preallocated array; extra samples are dropped. */
  static final class Recorder {
    final AtomicLongArray samples;
    final AtomicInteger n = new AtomicInteger();

    Recorder(int capacity) {
      samples = new AtomicLongArray(capacity);
    }

    void record(long micros) {
      int i = n.getAndIncrement();
      if (i < samples.length()) {
        samples.set(i, Math.max(0, micros));
      }
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

    HeapProbe(URI ws) {
      prometheus =
          URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/actuator/prometheus");
    }

    void sample() {
      try {
        String body =
            http.send(
                    HttpRequest.newBuilder(prometheus).build(),
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
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "n/a";
    }
  }
}
