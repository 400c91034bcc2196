package dev.redline.platform.realtime;

import dev.redline.platform.auth.Principal;
import dev.redline.platform.auth.TokenService;
import dev.redline.platform.system.Problem;
import dev.redline.platform.system.ProblemWriter;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/** {@code /ws?token=<token>}: a missing or unknown token is refused with 401 before the upgrade. */
@Component
class TokenHandshake implements HandshakeInterceptor {

  private final TokenService tokens;
  private final ProblemWriter problems;

  TokenHandshake(TokenService tokens, ProblemWriter problems) {
    this.tokens = tokens;
    this.problems = problems;
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest req,
      ServerHttpResponse res,
      WebSocketHandler handler,
      Map<String, Object> attributes)
      throws IOException {
    String token = queryParam(req.getURI().getRawQuery(), "token");
    Optional<Principal> p =
        token == null || token.isBlank() ? Optional.empty() : tokens.authenticate(token);
    if (p.isEmpty()) {
      res.setStatusCode(HttpStatus.UNAUTHORIZED);
      res.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
      res.getBody()
          .write(
              problems.toBytes(
                  Problem.of(
                          401,
                          "unauthorized",
                          "Unauthorized",
                          token == null || token.isBlank()
                              ? "Connect to /ws?token=<token>"
                              : "The token is unknown")
                      .withInstance("/ws")));
      return false;
    }
    attributes.put(Principal.ATTRIBUTE, p.get());
    return true;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest req, ServerHttpResponse res, WebSocketHandler handler, Exception e) {}

  static String queryParam(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
