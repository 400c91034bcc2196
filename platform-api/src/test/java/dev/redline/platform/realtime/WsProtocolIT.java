package dev.redline.platform.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import dev.redline.platform.session.SessionEvent;
import dev.redline.platform.session.SessionEventPublisher;
import dev.redline.platform.session.SessionStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code /ws} at the byte level, with a client written here over a plain socket: the handshake's
 * answers, control frames, fragments, protocol errors and the closing handshake, which the JDK's
 * WebSocket client (used by {@link RealtimeIT}) handles for its user and so cannot show.
 */
class WsProtocolIT extends ApiIT {

  @Autowired SessionEventPublisher events;
  @Autowired MeterRegistry registry;
  @Autowired OpenConnections openConnections;

  /** The example key and answer of RFC 6455 section 1.3. */
  private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  private static final String RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

  @Test
  void answersTheHandshakeWithTheAcceptKeyOfTheRfc() throws Exception {
    try (Raw c = new Raw()) {
      String head = c.handshake("/ws?token=" + viewerToken, RFC_KEY, "13", true);
      assertThat(head).startsWith("HTTP/1.1 101");
      assertThat(head).containsIgnoringCase("sec-websocket-accept: " + RFC_ACCEPT);
      assertThat(head).containsIgnoringCase("upgrade: websocket");
    }
  }

  @Test
  void refusesWhatIsNotAVersion13UpgradeWithAProblemDocument() throws Exception {
    try (Raw c = new Raw()) {
      String res = c.handshake("/ws?token=" + viewerToken, RFC_KEY, "13", false);
      assertThat(res).startsWith("HTTP/1.1 426").contains("application/problem+json");
      assertThat(c.body(res).get("detail").asString()).contains("Upgrade: websocket");
    }
    try (Raw c = new Raw()) {
      String res = c.handshake("/ws?token=" + viewerToken, RFC_KEY, "8", true);
      assertThat(res).startsWith("HTTP/1.1 426").containsIgnoringCase("sec-websocket-version: 13");
      assertThat(c.body(res).get("detail").asString()).isEqualTo("Sec-WebSocket-Version 8; use 13");
    }
    try (Raw c = new Raw()) {
      String res = c.handshake("/ws?token=" + viewerToken, "short", "13", true);
      assertThat(res).startsWith("HTTP/1.1 400");
      assertThat(c.body(res).get("detail").asString()).contains("\"short\"");
    }
    try (Raw c = new Raw()) {
      String res = c.handshake("/ws?token=%zz", RFC_KEY, "13", true);
      assertThat(res).startsWith("HTTP/1.1 401");
      assertThat(c.body(res).get("detail").asString()).isEqualTo("The token is unknown");
    }
  }

  @Test
  void answersAPingWithItsPayloadAndJoinsFragmentsAroundAControlFrame() throws Exception {
    try (Raw c = upgraded()) {
      c.send(0x9, "are you there", true);
      Raw.In pong = c.read();
      assertThat(pong.opcode).isEqualTo(0xA);
      assertThat(pong.text()).isEqualTo("are you there");

      byte[] msg = "{\"action\":\"subscribe\",\"room\":\"sessions\"}".getBytes();
      c.frame(false, 0x1, slice(msg, 0, 10));
      c.send(0x9, "mid", true);
      c.frame(false, 0x0, slice(msg, 10, 25));
      c.frame(true, 0x0, slice(msg, 25, msg.length));
      assertThat(c.read().text()).isEqualTo("mid"); // the pong comes first
      JsonNode sub = JSON.readTree(c.read().text());
      assertThat(sub.get("type").asString()).isEqualTo("subscribed");
      events.publish(
          new SessionEvent(
              SessionEvent.PROGRESS, UUID.randomUUID(), SessionStatus.RUNNING, 33, Instant.now()));
      assertThat(JSON.readTree(c.read().text()).get("progress_percent").asInt()).isEqualTo(33);
    }
  }

  @Test
  void echoesTheClientsCloseAndEndsTheConnection() throws Exception {
    try (Raw c = upgraded()) {
      c.frame(true, 0x8, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'});
      Raw.In close = c.read();
      assertThat(close.opcode).isEqualTo(0x8);
      assertThat(close.code()).isEqualTo(1000);
      assertThat(c.endOfStream()).isTrue();
    }
  }

  @Test
  void closesWith1007OnTextThatIsNotStrictUtf8() throws Exception {
    // The overlong C0 AF ('/' to a lenient decoder) in a whole message, and a character that one
    // fragment starts and the next does not continue.
    byte[][][] messages = {
      {{'{', '"', 'a', (byte) 0xC0, (byte) 0xAF, '"', '}'}},
      {{'{', '"', (byte) 0xE2}, {'(', '"', '}'}},
    };
    for (byte[][] fragments : messages) {
      try (Raw c = upgraded()) {
        for (int i = 0; i < fragments.length; i++) {
          c.frame(i == fragments.length - 1, i == 0 ? 0x1 : 0x0, fragments[i]);
        }
        Raw.In close = c.read();
        assertThat(close.opcode).isEqualTo(0x8);
        assertThat(close.code()).isEqualTo(1007);
        assertThat(close.reason()).contains("UTF-8");
        assertThat(c.endOfStream()).isTrue();
      }
    }
  }

  @Test
  void answersACloseWithoutACodeWith1000() throws Exception {
    try (Raw c = upgraded()) {
      c.frame(true, 0x8, new byte[0]);
      Raw.In close = c.read();
      assertThat(close.opcode).isEqualTo(0x8);
      assertThat(close.code()).isEqualTo(1000);
      assertThat(c.endOfStream()).isTrue();
    }
  }

  @Test
  void closesWith1002OnACloseCodeNoEndpointMaySend() throws Exception {
    // 1005 on the wire was answered 1000, as if the frame had had no code.
    for (int code : new int[] {1005, 1006, 1015, 999, 2000}) {
      try (Raw c = upgraded()) {
        c.frame(true, 0x8, new byte[] {(byte) (code >> 8), (byte) code});
        Raw.In close = c.read();
        assertThat(close.opcode).isEqualTo(0x8);
        assertThat(close.code()).as("answer to close code %d", code).isEqualTo(1002);
        assertThat(c.endOfStream()).isTrue();
      }
    }
  }

  @Test
  void failsTheConnectionWith1002OnACloseReasonThatIsNotUtf8() throws Exception {
    // RFC 6455 section 8.1: fail the connection; Tomcat's WebSocket container says 1002 here
    // (1007 is for the text of a message, above).
    try (Raw c = upgraded()) {
      c.frame(true, 0x8, new byte[] {0x03, (byte) 0xE8, 'o', (byte) 0xC0, (byte) 0xAF});
      Raw.In close = c.read();
      assertThat(close.opcode).isEqualTo(0x8);
      assertThat(close.code()).isEqualTo(1002);
      assertThat(close.reason()).contains("UTF-8");
      assertThat(c.endOfStream()).isTrue();
    }
  }

  @Test
  void tellsOpenClientsTheServerIsGoingAwayWhenItStops() throws Exception {
    try (Raw c = upgraded()) {
      c.send(0x1, "{\"action\":\"ping\",\"id\":1}", true);
      assertThat(c.read().text()).contains("pong");
      CompletableFuture<Raw.In> closeSeen = new CompletableFuture<>();
      Thread answer =
          new Thread(
              () -> {
                try {
                  Raw.In close = c.read();
                  if (close.opcode == 0x8) {
                    c.frame(true, 0x8, close.payload);
                  }
                  closeSeen.complete(close);
                } catch (IOException e) {
                  closeSeen.completeExceptionally(e);
                }
              });
      answer.start();
      openConnections.stop(); // what the application context does first when it shuts down
      Raw.In close = closeSeen.get(5, TimeUnit.SECONDS);
      assertThat(close.opcode).isEqualTo(0x8);
      assertThat(close.code()).isEqualTo(1001);
      assertThat(close.reason()).isEqualTo("server shutting down");
      assertThat(c.endOfStream()).isTrue();
      assertThat(openConnections.size()).isZero();
    } finally {
      openConnections.start();
    }
  }

  @Test
  void closesWith1002OnAnUnmaskedFrameAndLeavesOthersAlone() throws Exception {
    try (Raw bystander = upgraded();
        Raw c = upgraded()) {
      byte[] text = "{\"action\":\"ping\"}".getBytes();
      c.out.write(new byte[] {(byte) 0x81, (byte) text.length});
      c.out.write(text);
      Raw.In close = c.read();
      assertThat(close.opcode).isEqualTo(0x8);
      assertThat(close.code()).isEqualTo(1002);
      assertThat(close.reason()).contains("masked");
      // The server failed the connection: it ends it without waiting for our close frame.
      assertThat(c.endOfStream()).isTrue();

      bystander.send(0x1, "{\"action\":\"ping\",\"id\":3}", true);
      assertThat(JSON.readTree(bystander.read().text()).get("id").asInt()).isEqualTo(3);
    }
  }

  @Test
  void dropsAReaderThatStopsReadingWithinTheCloseWait() throws Exception {
    double open = registry.get("platform.ws.connections").gauge().value();
    try (Raw c = upgraded()) {
      c.send(0x1, "{\"action\":\"subscribe\",\"room\":\"sessions\"}", true);
      assertThat(JSON.readTree(c.read().text()).get("type").asString()).isEqualTo("subscribed");
      assertThat(registry.get("platform.ws.connections").gauge().value()).isEqualTo(open + 1);
      // Never read again: the queue overflows, the 1013 close frame cannot get through a full
      // socket, and the server lets the connection go after its close wait.
      UUID id = UUID.randomUUID();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (registry.get("platform.ws.connections").gauge().value() > open
          && System.nanoTime() < deadline) {
        for (int i = 0; i < 2000; i++) {
          events.publish(
              new SessionEvent(
                  SessionEvent.PROGRESS, id, SessionStatus.RUNNING, i % 100, Instant.now()));
        }
        Thread.sleep(100);
      }
      assertThat(registry.get("platform.ws.connections").gauge().value()).isEqualTo(open);
    }
  }

  /** A connection past its {@code 101}. */
  private Raw upgraded() throws IOException {
    Raw c = new Raw();
    assertThat(c.handshake("/ws?token=" + viewerToken, RFC_KEY, "13", true))
        .startsWith("HTTP/1.1 101");
    return c;
  }

  private static byte[] slice(byte[] b, int from, int to) {
    byte[] s = new byte[to - from];
    System.arraycopy(b, from, s, 0, s.length);
    return s;
  }

  /** A WebSocket client at the byte level: masked frames out, frames in, nothing hidden. */
  private final class Raw implements AutoCloseable {
    final Socket socket;
    final OutputStream out;
    final DataInputStream in;

    Raw() throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      out = socket.getOutputStream();
      in = new DataInputStream(socket.getInputStream());
    }

    /** Sends a handshake and returns the response head and any body read with it. */
    String handshake(String target, String key, String version, boolean upgrade)
        throws IOException {
      String req =
          "GET "
              + target
              + " HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\n"
              + (upgrade ? "Upgrade: websocket\r\nConnection: Upgrade\r\n" : "")
              + "Sec-WebSocket-Key: "
              + key
              + "\r\nSec-WebSocket-Version: "
              + version
              + "\r\n\r\n";
      out.write(req.getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("connection closed in the response head: " + head);
        }
        head.write(b);
      }
      String h = head.toString(StandardCharsets.ISO_8859_1);
      int at = h.toLowerCase().indexOf("content-length: ");
      if (at >= 0) {
        int len = Integer.parseInt(h.substring(at + 16, h.indexOf("\r\n", at)).trim());
        h += new String(in.readNBytes(len), StandardCharsets.UTF_8);
      }
      return h;
    }

    JsonNode body(String response) {
      return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    void send(int opcode, String payload, boolean fin) throws IOException {
      frame(fin, opcode, payload.getBytes(StandardCharsets.UTF_8));
    }

    void frame(boolean fin, int opcode, byte[] payload) throws IOException {
      ByteArrayOutputStream f = new ByteArrayOutputStream();
      f.write((fin ? 0x80 : 0) | opcode);
      int n = payload.length;
      if (n < 126) {
        f.write(0x80 | n);
      } else {
        f.write(0x80 | 126);
        f.write(n >> 8);
        f.write(n);
      }
      byte[] mask = new byte[4];
      ThreadLocalRandom.current().nextBytes(mask);
      f.write(mask);
      for (int i = 0; i < n; i++) {
        f.write(payload[i] ^ mask[i & 3]);
      }
      out.write(f.toByteArray());
      out.flush();
    }

    In read() throws IOException {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      assertThat(b1 & 0x80).as("server frames are not masked").isZero();
      long n = b1 & 0x7F;
      if (n == 126) {
        n = in.readUnsignedShort();
      } else if (n == 127) {
        n = in.readLong();
      }
      return new In(b0 & 0x0F, in.readNBytes((int) n));
    }

    /** Whether the server closed the TCP connection (reads end) within the socket timeout. */
    boolean endOfStream() throws IOException {
      try {
        return in.read() < 0;
      } catch (SocketTimeoutException e) {
        return false;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    record In(int opcode, byte[] payload) {
      String text() {
        return new String(payload, StandardCharsets.UTF_8);
      }

      int code() {
        return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
      }

      String reason() {
        return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
      }
    }
  }
}
