package dev.redline.platform.realtime;

import dev.redline.platform.auth.Principal;
import dev.redline.platform.auth.TokenCheck;
import dev.redline.platform.auth.TokenService;
import dev.redline.platform.system.Problem;
import dev.redline.platform.system.ProblemWriter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /ws?token=<token>}: a plain servlet (outside the DispatcherServlet) that refuses with
 * a problem document what cannot become a connection: a missing or unknown token (401), a request
 * that is not a version-13 WebSocket upgrade (426) or has a malformed key (400). Everything else
 * goes to Spring's {@link WebSocketHttpRequestHandler}, which answers {@code 101} and hands the
 * socket to Tomcat's JSR-356 container. No extensions or subprotocols are offered.
 */
final class RealtimeEndpoint extends HttpServlet {

  /** What every connection shares. */
  record Context(
      RoomBroadcaster rooms,
      RealtimeMetrics metrics,
      RealtimeSettings settings,
      JsonMapper mapper,
      OpenConnections open) {}

  private final transient TokenService tokens;
  private final transient ProblemWriter problems;
  private final transient WebSocketHttpRequestHandler upgrade;

  RealtimeEndpoint(TokenService tokens, ProblemWriter problems, RealtimeHandler handler) {
    this.tokens = tokens;
    this.problems = problems;
    this.upgrade = new WebSocketHttpRequestHandler(handler, new NoExtensions());
  }

  @Override
  public void init() {
    upgrade.setServletContext(getServletContext());
    upgrade.start();
  }

  @Override
  public void destroy() {
    upgrade.stop();
  }

  /** The default handshake, with every extension a client asks for declined. */
  private static final class NoExtensions extends DefaultHandshakeHandler {
    @Override
    protected List<WebSocketExtension> filterRequestedExtensions(
        ServerHttpRequest request,
        List<WebSocketExtension> requested,
        List<WebSocketExtension> supported) {
      return List.of();
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res)
      throws IOException, ServletException {
    String token = queryParam(req.getQueryString(), "token");
    TokenCheck check = token == null || token.isBlank() ? null : tokens.check(token);
    if (check == null || !check.valid()) {
      refuse(
          res,
          401,
          "unauthorized",
          "Unauthorized",
          check == null ? "Connect to /ws?token=<token>" : check.refusal(),
          Map.of());
      return;
    }
    if (!hasToken(req.getHeader("Upgrade"), "websocket")
        || !hasToken(req.getHeader("Connection"), "upgrade")) {
      refuse(
          res,
          426,
          "upgrade-required",
          "Upgrade Required",
          "/ws speaks WebSocket: send Upgrade: websocket and Connection: Upgrade",
          Map.of("Upgrade", "websocket", "Connection", "Upgrade"));
      return;
    }
    String version = req.getHeader("Sec-WebSocket-Version");
    if (!"13".equals(version)) {
      refuse(
          res,
          426,
          "upgrade-required",
          "Upgrade Required",
          "Sec-WebSocket-Version " + (version == null ? "is missing" : version) + "; use 13",
          Map.of("Sec-WebSocket-Version", "13"));
      return;
    }
    String key = req.getHeader("Sec-WebSocket-Key");
    if (!validKey(key)) {
      refuse(
          res,
          400,
          "bad-handshake",
          "Bad Request",
          "Sec-WebSocket-Key must be 16 bytes in base64, got "
              + (key == null ? "none" : '"' + key + '"'),
          Map.of());
      return;
    }
    req.setAttribute(Principal.ATTRIBUTE, check.principal());
    upgrade.handleRequest(req, res);
  }

  private void refuse(
      HttpServletResponse res,
      int status,
      String slug,
      String title,
      String detail,
      Map<String, String> headers)
      throws IOException {
    problems.write(res, Problem.of(status, slug, title, detail).withInstance("/ws"), headers);
  }

  private static boolean validKey(String key) {
    if (key == null || key.length() != 24) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether a comma-separated header value holds {@code token}, ignoring case. */
  private static boolean hasToken(String header, String token) {
    if (header == null) {
      return false;
    }
    for (String part : header.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  static String queryParam(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
          return value;
        }
      }
    }
    return null;
  }
}
