package dev.redline.platform.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.json.JsonMapperFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A test client for {@code /ws}: collects whole text frames; {@code reading=false} never reads. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapperFactory.create();

  public final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final boolean reading;
  private final StringBuilder part = new StringBuilder();
  private WebSocket ws;

  private WsClient(boolean reading) {
    this.reading = reading;
  }

  public static WsClient connect(int port, String token) {
    return connect(port, token, true);
  }

  public static WsClient connect(int port, String token, boolean reading) {
    WsClient c = new WsClient(reading);
    c.ws =
        HTTP.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token), c)
            .join();
    return c;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    if (reading) {
      webSocket.request(1);
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    part.append(data);
    if (last) {
      frames.add(part.toString());
      part.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  public void send(String text) {
    ws.sendText(text, true).join();
  }

  /** The next frame, parsed; fails after 5 s without one. */
  public JsonNode next() throws InterruptedException {
    String f = frames.poll(5, TimeUnit.SECONDS);
    assertThat(f).as("a frame within 5 s").isNotNull();
    return JSON.readTree(f);
  }

  /** Sends a frame and returns the reply. */
  public JsonNode ask(String text) throws InterruptedException {
    send(text);
    return next();
  }

  public void subscribe(String room) throws InterruptedException {
    JsonNode r = ask("{\"action\":\"subscribe\",\"room\":\"" + room + "\"}");
    assertThat(r.get("type").asString()).isEqualTo("subscribed");
  }

  @Override
  public void close() {
    ws.abort();
  }
}
