package dev.redline.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.ApiIT;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route Spring MVC serves × every role (none, viewer, operator, admin) × the path forms that
 * once decided differently in the filters and in the router (path parameters, percent encodings,
 * encoded slashes, double slashes, dot segments, backslashes, case). The routes are read from the
 * running service's handler mappings, so a route added later is walked too. Requests go over a raw
 * socket so that the bytes on the wire are exactly the variant (an HTTP client would normalise).
 *
 * <p>Documented statuses: a canonical path answers 401 without a token, 403 below the route's role,
 * and otherwise what the handler says (never 401/403/5xx); every ambiguous form answers 400 for
 * everybody; a case variant is another path that no rule names, so it needs admin (401, 403, then
 * 404).
 */
class PathSecurityIT extends ApiIT {

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  private record Route(String method, String pattern) {
    String path() {
      return pattern.replace("{id}", UUID.nameUUIDFromBytes(pattern.getBytes()).toString());
    }
  }

  private List<Route> routes() {
    Set<Route> routes = new LinkedHashSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        if (pattern.equals("/error")) {
          continue; // error dispatches only; asked for directly it is a 404 for an admin
        }
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (RequestMethod m : methods) {
          routes.add(new Route(m.name(), pattern));
        }
      }
    }
    return new ArrayList<>(routes);
  }

  @Test
  void everyServedRouteHasARuleAndNoUnnamedOne() {
    List<String> served = routes().stream().map(r -> r.method() + " " + r.pattern()).toList();
    assertThat(served).hasSizeGreaterThanOrEqualTo(10);
    assertThat(AccessRule.named()).containsAll(served);
    assertThat(AccessRule.of("DELETE", "/api/v1/nothing")).isEqualTo(AccessRule.DENY);
  }

  /**
   * The contract in {@code docs/API.md} and the service agree: every {@code /api/v1} route the
   * service serves is documented there, and every documented one is served.
   */
  @Test
  void theDocumentedContractNamesExactlyTheServedApiRoutes() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "API.md"));
    String rest = doc.substring(doc.indexOf("## REST (`/api/v1`)"), doc.indexOf("## WebSocket"));
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/[^`]*)`").matcher(rest);
    while (m.find()) {
      documented.add(m.group(1) + " /api/v1" + m.group(2));
    }
    Set<String> served = new TreeSet<>();
    for (Route r : routes()) {
      if (r.pattern().startsWith("/api/v1/")) {
        served.add(r.method() + " " + r.pattern());
      }
    }
    assertThat(documented).hasSizeGreaterThanOrEqualTo(10);
    assertThat(documented).as("routes in docs/API.md").isEqualTo(served);
  }

  @Test
  void canonicalPathsAnswerTheDocumentedStatusForEveryRole() {
    for (Route r : routes()) {
      AccessRule rule = AccessRule.of(r.method(), r.path());
      for (Role role : Role.values()) {
        int status = request(r.method(), r.path(), token(role)).status;
        String what = r.method() + " " + r.path() + " as " + role;
        if (role.covers(rule.role())) {
          assertThat(status).as(what).isNotIn(401, 403).isLessThan(500);
        } else {
          assertThat(status).as(what).isEqualTo(403);
        }
      }
      assertThat(request(r.method(), r.path(), null).status)
          .as(r.method() + " " + r.path() + " without a token")
          .isEqualTo(401);
    }
  }

  @Test
  void everyAmbiguousFormOfEveryRouteIsRefusedWith400ForEveryone() {
    for (Route r : routes()) {
      for (String variant : ambiguous(r.path())) {
        for (String token : new String[] {null, viewerToken, operatorToken, adminToken}) {
          Raw res = request(r.method(), variant, token);
          assertThat(res.status).as(r.method() + " " + variant + " " + res.head).isEqualTo(400);
          assertThat(res.head.toLowerCase()).contains("content-type: application/problem+json");
        }
      }
    }
  }

  @Test
  void caseVariantsAreUnnamedPathsThatOnlyAnAdminReachesAsNotFound() {
    for (Route r : routes()) {
      String path = r.path();
      for (String variant : List.of(path.toUpperCase(), path.replace("/v1/", "/V1/"))) {
        assertThat(request(r.method(), variant, null).status).as(variant).isEqualTo(401);
        assertThat(request(r.method(), variant, viewerToken).status).as(variant).isEqualTo(403);
        assertThat(request(r.method(), variant, operatorToken).status).as(variant).isEqualTo(403);
        assertThat(request(r.method(), variant, adminToken).status).as(variant).isEqualTo(404);
      }
    }
  }

  @Test
  void operationsEndpointsNeedAdminButProbesAreOpen() {
    assertThat(request("GET", "/actuator/health/readiness", null).status).isEqualTo(200);
    assertThat(request("GET", "/actuator/health/liveness", null).status).isEqualTo(200);
    assertThat(request("GET", "/actuator/health", null).status).isEqualTo(200);
    for (String p : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info")) {
      assertThat(request("GET", p, null).status).as(p).isEqualTo(401);
      assertThat(request("GET", p, operatorToken).status).as(p).isEqualTo(403);
      assertThat(request("GET", p, adminToken).status).as(p).isEqualTo(200);
    }
    assertThat(request("GET", "/error", null).status).isEqualTo(401);
    assertThat(request("GET", "/error", adminToken).status).isEqualTo(404);
  }

  @Test
  void authenticatedAnswersAreNotStoredOrSniffed() {
    Raw res = request("GET", "/api/v1/dashboard/stats", viewerToken);
    assertThat(res.status).isEqualTo(200);
    assertThat(res.head.toLowerCase())
        .contains("cache-control: no-store")
        .contains("x-content-type-options: nosniff");
  }

  @Test
  void bodyLimitAndRateLimitApplyToEveryFormOfAPath() {
    // The body limit no longer depends on the path's spelling: an unknown path is limited too.
    String big = "x".repeat(600 * 1024);
    assertThat(request("POST", "/API/v1/models", adminToken, big).status).isEqualTo(413);
    assertThat(request("POST", "/api/v1/models", adminToken, big).status).isEqualTo(413);
  }

  @Test
  void corsPreflightsNeedNoTokenAndOnlyConfiguredOriginsPass() {
    Map<String, String> preflight =
        Map.of("Origin", ALLOWED_ORIGIN, "Access-Control-Request-Method", "GET");
    Res ok = send("OPTIONS", "/api/v1/dashboard/stats", null, null, preflight);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
    Res other =
        send(
            "OPTIONS",
            "/api/v1/dashboard/stats",
            null,
            null,
            Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"));
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    Res actual =
        send("GET", "/api/v1/dashboard/stats", viewerToken, null, Map.of("Origin", ALLOWED_ORIGIN));
    assertThat(actual.status()).isEqualTo(200);
    assertThat(actual.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
    // A plain OPTIONS (no preflight headers) is a request like any other: it needs a token.
    assertThat(send("OPTIONS", "/api/v1/dashboard/stats", null, null, Map.of()).status())
        .isEqualTo(401);
  }

  /** The forms of {@code path} that a lenient parser reads as {@code path}. */
  static List<String> ambiguous(String path) {
    List<String> out = new ArrayList<>();
    String[] seg = path.substring(1).split("/");
    for (int i = 0; i < seg.length; i++) {
      out.add(withSegment(seg, i, seg[i] + ";x"));
      out.add(withSegment(seg, i, seg[i] + ";"));
      out.add(
          withSegment(seg, i, "%" + Integer.toHexString(seg[i].charAt(0)) + seg[i].substring(1)));
      out.add(withSegment(seg, i, "x/../" + seg[i]));
      out.add(withSegment(seg, i, "./" + seg[i]));
      out.add(withSegment(seg, i, "/" + seg[i]));
    }
    out.add(path.replaceFirst("/v1/", "%2Fv1/"));
    out.add(path.replaceFirst("/v1/", "%2fv1/"));
    out.add(path.replaceFirst("/v1/", "\\\\v1/"));
    out.add(path + "/.");
    out.add(path + "/..");
    out.add(path + "%00");
    out.add(path.replace("api", "%2561pi"));
    return out;
  }

  private static String withSegment(String[] seg, int i, String replacement) {
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < seg.length; j++) {
      sb.append('/').append(j == i ? replacement : seg[j]);
    }
    return sb.toString();
  }

  private String token(Role role) {
    return switch (role) {
      case VIEWER -> viewerToken;
      case OPERATOR -> operatorToken;
      case ADMIN -> adminToken;
    };
  }

  private record Raw(int status, String head) {}

  private Raw request(String method, String target, String token) {
    return request(
        method, target, token, "POST".equals(method) || "PUT".equals(method) ? "{}" : null);
  }

  /** One HTTP/1.1 request written byte for byte; the status line and headers read back. */
  private Raw request(String method, String target, String token, String body) {
    StringBuilder req = new StringBuilder();
    req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    req.append("Host: 127.0.0.1:").append(port).append("\r\n");
    req.append("Connection: close\r\n");
    if (token != null) {
      req.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      req.append("Content-Type: application/json\r\n");
      req.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    req.append("\r\n");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        // The server may answer (413) and close before reading a large body.
      }
      String head = readHead(s.getInputStream());
      int status = Integer.parseInt(head.substring(9, 12));
      return new Raw(status, head);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + target, e);
    }
  }

  /** Reads the whole answer (the server closes), so that no write of it meets a closed socket. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    in.transferTo(buf);
    String all = buf.toString(StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    return end < 0 ? all : all.substring(0, end + 2);
  }
}
