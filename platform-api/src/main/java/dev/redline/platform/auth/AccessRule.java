package dev.redline.platform.auth;

import dev.redline.platform.ratelimit.RateLimitGroup;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What a request needs: the minimum role and the rate-limit group it counts against ({@code null}:
 * not rate-limited). Every route the service serves is named in one table, matched with the same
 * {@link PathPattern}s Spring MVC routes with, on the canonical path ({@code CanonicalPathFilter}
 * refuses any other form first). A path no rule names is denied by default: it needs {@link
 * Role#ADMIN}, so a route added without a rule is never open (and {@code RouteRulesIT} fails).
 *
 * @param role the minimum role
 * @param group the per-user budget, or null for operations endpoints that are not limited
 */
public record AccessRule(Role role, RateLimitGroup group) {

  /** Paths anyone may call without a token: the probes, and {@code /ws} (its own token check). */
  private static final List<PathPattern> PUBLIC =
      patterns(
          "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/ws");

  /** What a path no rule names gets. */
  public static final AccessRule DENY = new AccessRule(Role.ADMIN, null);

  private static final AccessRule OPERATIONS = new AccessRule(Role.ADMIN, null);

  /**
   * One named route; {@code literal} is the pattern's text before its first variable or wildcard, a
   * cheap {@code startsWith} that spares most requests the pattern match.
   */
  private record Route(String method, PathPattern pattern, String literal, AccessRule rule) {
    Route(String method, PathPattern pattern, AccessRule rule) {
      this(method, pattern, literalPrefix(pattern.getPatternString()), rule);
    }

    private static String literalPrefix(String pattern) {
      int brace = pattern.indexOf('{');
      int star = pattern.indexOf('*');
      int end = brace < 0 ? star : star < 0 ? brace : Math.min(brace, star);
      return end < 0 ? pattern : pattern.substring(0, end);
    }
  }

  private static final List<Route> ROUTES =
      List.of(
          route("GET", "/api/v1/dashboard/stats", Role.VIEWER, RateLimitGroup.DASHBOARD),
          route("GET", "/api/v1/optimization/sessions", Role.VIEWER, RateLimitGroup.SESSIONS),
          route("POST", "/api/v1/optimization/sessions", Role.OPERATOR, RateLimitGroup.SESSIONS),
          route("GET", "/api/v1/optimization/sessions/{id}", Role.VIEWER, RateLimitGroup.SESSIONS),
          route(
              "POST",
              "/api/v1/optimization/sessions/{id}/cancel",
              Role.OPERATOR,
              RateLimitGroup.SESSIONS),
          route("GET", "/api/v1/models", Role.VIEWER, RateLimitGroup.MODELS),
          route("POST", "/api/v1/models", Role.OPERATOR, RateLimitGroup.MODELS),
          route("GET", "/api/v1/models/{id}", Role.VIEWER, RateLimitGroup.MODELS),
          route(
              "GET",
              "/api/v1/config/optimization-criteria",
              Role.VIEWER,
              RateLimitGroup.CONFIG_READ),
          route(
              "PUT",
              "/api/v1/config/optimization-criteria",
              Role.ADMIN,
              RateLimitGroup.CONFIG_WRITE),
          // Metrics, info and every other actuator endpoint: operators of the service only.
          new Route("GET", PathPatternParser.defaultInstance.parse("/actuator/**"), OPERATIONS));

  /** True for the paths that need no token ({@code path} canonical). */
  public static boolean isPublic(String path) {
    PathContainer p = PathContainer.parsePath(path);
    for (PathPattern pattern : PUBLIC) {
      if (pattern.matches(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The rule for a request: HEAD is read as GET; a method the path does not serve needs the lowest
   * role that path allows (so any user learns 405, not 403); an unnamed path is {@link #DENY}.
   */
  public static AccessRule of(String method, String path) {
    PathContainer p = null;
    String m = "HEAD".equals(method) ? "GET" : method;
    AccessRule lowest = null;
    for (Route r : ROUTES) {
      if (!path.startsWith(r.literal)) {
        continue;
      }
      if (p == null) {
        p = PathContainer.parsePath(path);
      }
      if (r.pattern.matches(p)) {
        if (r.method.equals(m)) {
          return r.rule;
        }
        if (lowest == null || lowest.role.covers(r.rule.role)) {
          lowest = new AccessRule(r.rule.role, null);
        }
      }
    }
    return lowest != null ? lowest : DENY;
  }

  /** The routes this table names, as {@code "METHOD /pattern"} (for the completeness test). */
  public static List<String> named() {
    return ROUTES.stream().map(r -> r.method + " " + r.pattern.getPatternString()).toList();
  }

  private static Route route(String method, String pattern, Role role, RateLimitGroup group) {
    return new Route(
        method, PathPatternParser.defaultInstance.parse(pattern), new AccessRule(role, group));
  }

  private static List<PathPattern> patterns(String... s) {
    return java.util.Arrays.stream(s).map(PathPatternParser.defaultInstance::parse).toList();
  }
}
