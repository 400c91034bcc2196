package dev.redline.platform.auth;

import dev.redline.platform.db.DatabaseCircuit;
import dev.redline.platform.system.Problem;
import dev.redline.platform.system.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bearer-token authentication and role checks for every path but the public ones ({@link
 * AccessRule#isPublic}) and CORS preflights: 401 and 403 end here. Runs after {@code
 * CanonicalPathFilter}, so the path it decides on is the path Spring routes.
 */
@Component
@Order(AuthFilter.ORDER)
class AuthFilter extends OncePerRequestFilter {

  static final int ORDER = 20;
  private static final String BEARER = "Bearer ";

  private final TokenService tokens;
  private final ProblemWriter problems;
  private final DatabaseCircuit database;

  AuthFilter(TokenService tokens, ProblemWriter problems, DatabaseCircuit database) {
    this.tokens = tokens;
    this.problems = problems;
    this.database = database;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return CorsUtils.isPreFlightRequest(request) || AccessRule.isPublic(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    String header = req.getHeader("Authorization");
    if (header == null
        || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      unauthorized(req, res, "Send Authorization: Bearer <token>");
      return;
    }
    TokenCheck check;
    try {
      check = tokens.check(header.substring(BEARER.length()).trim());
    } catch (RuntimeException e) {
      if (!DatabaseCircuit.isOutage(e)) {
        throw e;
      }
      // A token not cached yet while PostgreSQL is away: 503 here, not an error page's stack trace.
      problems.write(
          res,
          Problem.databaseUnavailable(database.retryAfterSeconds())
              .withInstance(req.getRequestURI()),
          Map.of("Retry-After", Long.toString(database.retryAfterSeconds())));
      return;
    }
    if (!check.valid()) {
      unauthorized(req, res, check.refusal());
      return;
    }
    Principal p = check.principal();
    AccessRule rule = AccessRule.of(req.getMethod(), req.getRequestURI());
    if (!p.role().covers(rule.role())) {
      problems.write(
          res,
          Problem.of(
                  403,
                  "forbidden",
                  "Forbidden",
                  "Role " + p.role().wire() + " may not do this; it needs " + rule.role().wire())
              .withInstance(req.getRequestURI()),
          Map.of());
      return;
    }
    // Answers to a token are that user's: no cache on the way may keep or share them.
    res.setHeader("Cache-Control", "no-store");
    req.setAttribute(Principal.ATTRIBUTE, p);
    req.setAttribute(AccessRule.class.getName(), rule);
    chain.doFilter(req, res);
  }

  private void unauthorized(HttpServletRequest req, HttpServletResponse res, String detail)
      throws IOException {
    problems.write(
        res,
        Problem.of(401, "unauthorized", "Unauthorized", detail).withInstance(req.getRequestURI()),
        Map.of("WWW-Authenticate", "Bearer"));
  }
}
