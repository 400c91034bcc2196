package dev.redline.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import dev.redline.platform.auth.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Slow request bodies must not take the service down: 200 sockets announce a 100 KB body, send 8
 * bytes and wait (half with a valid token, half without one, the 401 path). Before the body was
 * read ahead, they held all 100 request threads and the dashboard timed out; now they hold no
 * thread, and each gets 408 (or its connection closed) once {@code platform.http.body-timeout} (10
 * s) has passed.
 */
class SlowBodyIT extends ApiIT {

  private static final int SLOW_SOCKETS = 200;
  private static final long BODY_TIMEOUT_MS = 10_000;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  @Test
  void dashboardStaysFastWhileSlowBodiesArriveAndTheSlowSendersGet408() throws Exception {
    List<String> viewers = new ArrayList<>();
    for (int i = 0; i < 8; i++) { // 60 dashboard requests per user per minute
      viewers.add(newToken(Role.VIEWER));
    }
    List<Socket> slow = new ArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(16);
    try {
      long opened = System.nanoTime();
      for (int i = 0; i < SLOW_SOCKETS; i++) {
        slow.add(openSlowBody(i % 2 == 0 ? operatorToken : null));
      }
      Thread.sleep(500);

      // Cheap requests while the slow bodies wait: 4 s of dashboard reads.
      List<Long> millis = new ArrayList<>();
      int failed = 0;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      for (int i = 0; System.nanoTime() < until; i++) {
        long t0 = System.nanoTime();
        Res r = timed("GET", "/api/v1/dashboard/stats", viewers.get(i % viewers.size()), null);
        millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        if (r == null || r.status() != 200) {
          failed++;
        }
        Thread.sleep(20);
      }
      // A complete body is served at once too (422: the model lacks fields).
      long t0 = System.nanoTime();
      Res write = timed("POST", "/api/v1/models", operatorToken, "{\"name\":\"x\"}");
      long writeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

      long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
      long p50 = sorted[sorted.length / 2];
      long p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
      System.out.printf(
          "SlowBodyIT: %d slow bodies open; dashboard n=%d failed=%d p50=%d ms p99=%d ms max=%d"
              + " ms; a complete POST answered %s in %d ms%n",
          SLOW_SOCKETS,
          sorted.length,
          failed,
          p50,
          p99,
          sorted[sorted.length - 1],
          write == null ? "nothing" : write.status(),
          writeMillis);
      assertThat(failed).as("dashboard requests that failed or timed out (2 s)").isZero();
      assertThat(p99).as("dashboard p99 ms").isLessThan(500);
      assertThat(write).isNotNull();
      assertThat(write.status()).isEqualTo(422);
      assertThat(writeMillis).isLessThan(1000);

      // Every slow sender is answered 408 (a problem document) or closed, once its time is up.
      List<Future<String>> fates = new ArrayList<>();
      for (Socket s : slow) {
        fates.add(readers.submit(() -> fate(s, opened)));
      }
      List<String> answers = new ArrayList<>();
      for (Future<String> f : fates) {
        answers.add(f.get(BODY_TIMEOUT_MS + 20_000, TimeUnit.MILLISECONDS));
      }
      long late =
          answers.stream().filter(a -> a.startsWith("late") || a.startsWith("no answer")).count();
      System.out.printf(
          "SlowBodyIT: slow senders' answers: %s%n",
          answers.stream()
              .map(a -> a.replaceAll(" after \\d+ ms", ""))
              .collect(Collectors.groupingBy(a -> a, Collectors.counting())));
      assertThat(late).as("slow senders not answered within the body timeout + 5 s").isZero();
      assertThat(answers).allMatch(a -> a.startsWith("408 problem") || a.startsWith("closed"));
    } finally {
      readers.shutdownNow();
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  /** POST with Content-Length 100000 and 8 bytes of it; the rest never comes. */
  private Socket openSlowBody(String token) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    String head =
        "POST /api/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 100000\r\n"
            + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
            + "\r\n{\"name\":";
    s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /** What the server did with a slow body: "408 problem", "closed", or "late ..."/"no answer". */
  private static String fate(Socket s, long openedNanos) {
    try {
      long left =
          BODY_TIMEOUT_MS + 5_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedNanos);
      s.setSoTimeout((int) Math.max(1, left));
      InputStream in = s.getInputStream();
      byte[] all = in.readAllBytes(); // the server closes after its answer
      long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedNanos);
      String text = new String(all, StandardCharsets.UTF_8);
      if (text.isEmpty()) {
        return "closed after " + after + " ms";
      }
      String status = text.substring(0, text.indexOf("\r\n"));
      boolean problem =
          text.contains("Content-Type: application/problem+json")
              && text.contains("\"status\":408");
      return (status.startsWith("HTTP/1.1 408") && problem ? "408 problem" : status)
          + " after "
          + after
          + " ms";
    } catch (SocketTimeoutException e) {
      return "no answer within the body timeout + 5 s";
    } catch (IOException e) {
      return "closed (" + e.getClass().getSimpleName() + ")";
    }
  }

  /** One request with a 2 s limit: null when it did not complete in time. */
  private Res timed(String method, String path, String token, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(2))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      var r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) { // including HttpTimeoutException
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
