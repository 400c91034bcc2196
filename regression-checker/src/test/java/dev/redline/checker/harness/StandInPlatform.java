package dev.redline.checker.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A stand-in platform-api for the gate's tests, run as a real process ({@code java -jar} of a jar
 * holding this one class): ready on {@code PLATFORM_PORT} at once; {@code GET /exit} makes it exit
 * with code 3, as a platform that dies mid-round.
 */
public final class StandInPlatform implements HttpHandler {
  static final int DIED = 3;

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv("PLATFORM_PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", new StandInPlatform());
    server.start();
    System.out.println("Started StandInPlatform on port " + port);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    boolean exit = path.equals("/exit");
    int status = exit || path.equals("/actuator/health/readiness") ? 200 : 404;
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
    if (exit) {
      System.out.println("exiting as asked");
      Runtime.getRuntime().halt(DIED);
    }
  }
}
