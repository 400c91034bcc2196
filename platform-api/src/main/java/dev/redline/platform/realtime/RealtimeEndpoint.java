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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /ws?token=<token>}: the WebSocket opening handshake (RFC 6455 section 4.2), answered
 * by a plain servlet. A missing or unknown token is refused with a 401 problem document before the
 * upgrade; a request that is not a version-13 WebSocket upgrade gets 400 or 426. Then {@code 101}
 * and a {@link WsUpgrade} takes the socket.
 */
final class RealtimeEndpoint extends HttpServlet {

  /** What every connection shares. */
  record Context(
      RoomBroadcaster rooms,
      RealtimeMetrics metrics,
      RealtimeSettings settings,
      JsonMapper mapper,
      OpenConnections open) {}

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final transient TokenService tokens;
  private final transient ProblemWriter problems;
  private final transient Context context;

  RealtimeEndpoint(TokenService tokens, ProblemWriter problems, Context context) {
    this.tokens = tokens;
    this.problems = problems;
    this.context = context;
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
    res.setHeader("Upgrade", "websocket");
    res.setHeader("Connection", "Upgrade");
    res.setHeader("Sec-WebSocket-Accept", accept(key));
    req.setAttribute(Principal.ATTRIBUTE, check.principal());
    req.upgrade(WsUpgrade.class).attach(context);
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

  /** {@code Sec-WebSocket-Accept}: base64 of the SHA-1 of the key and the protocol's GUID. */
  static String accept(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return Base64.getEncoder()
          .encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
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
