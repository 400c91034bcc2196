package dev.redline.platform.auth;

import dev.redline.platform.ratelimit.RateLimitGroup;

/**
 * What a request needs: the minimum role and the rate-limit group it counts against. Decided from
 * method and path alone so the check costs a few string comparisons.
 */
public record AccessRule(Role role, RateLimitGroup group) {

  private static final String PREFIX = "/api/v1/";
  private static final AccessRule DASHBOARD = new AccessRule(Role.VIEWER, RateLimitGroup.DASHBOARD);
  private static final AccessRule SESSIONS_READ =
      new AccessRule(Role.VIEWER, RateLimitGroup.SESSIONS);
  private static final AccessRule SESSIONS_WRITE =
      new AccessRule(Role.OPERATOR, RateLimitGroup.SESSIONS);
  private static final AccessRule MODELS_READ = new AccessRule(Role.VIEWER, RateLimitGroup.MODELS);
  private static final AccessRule MODELS_WRITE =
      new AccessRule(Role.OPERATOR, RateLimitGroup.MODELS);
  private static final AccessRule CONFIG_READ =
      new AccessRule(Role.VIEWER, RateLimitGroup.CONFIG_READ);
  private static final AccessRule CONFIG_WRITE =
      new AccessRule(Role.ADMIN, RateLimitGroup.CONFIG_WRITE);
  private static final AccessRule OTHER = new AccessRule(Role.VIEWER, RateLimitGroup.SESSIONS);

  /** The rule for a request under {@code /api/}. Unknown paths are readable (they end in 404). */
  public static AccessRule of(String method, String path) {
    boolean read = "GET".equals(method) || "HEAD".equals(method);
    if (!path.startsWith(PREFIX)) {
      return OTHER;
    }
    String rest = path.substring(PREFIX.length());
    if (rest.startsWith("dashboard/")) {
      return DASHBOARD;
    }
    if (rest.startsWith("optimization/sessions")) {
      return read || !"POST".equals(method) ? SESSIONS_READ : SESSIONS_WRITE;
    }
    if (rest.startsWith("models")) {
      return read || !"POST".equals(method) ? MODELS_READ : MODELS_WRITE;
    }
    if (rest.startsWith("config/")) {
      return "PUT".equals(method) ? CONFIG_WRITE : CONFIG_READ;
    }
    return OTHER;
  }
}
