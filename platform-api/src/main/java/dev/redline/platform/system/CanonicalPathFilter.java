package dev.redline.platform.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs before anything else and refuses, with 400, every request whose path is not already in the
 * one form the router matches: Tomcat and Spring strip path parameters ({@code ;x}), decode {@code
 * %xx} and resolve dot segments before routing, so a filter deciding on the raw path and a router
 * deciding on the decoded one can disagree about what was asked for (the auth bypass through {@code
 * /api;/v1/...} and {@code /%61pi/v1/...}). After this filter the raw path <em>is</em> the routed
 * path, and every security decision downstream (auth, roles, rate limits, body limits) sees what
 * the router sees.
 *
 * <p>A canonical path starts with {@code /} and holds only RFC 3986 unreserved characters ({@code
 * A-Z a-z 0-9 - . _ ~}) and {@code /}; no segment is empty (no {@code //}) except a trailing one,
 * and none is {@code .} or {@code ..}. No route of this service needs anything else, so refusing
 * the rest costs no client anything.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CanonicalPathFilter extends OncePerRequestFilter {

  private final ProblemWriter problems;

  CanonicalPathFilter(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    res.setHeader("X-Content-Type-Options", "nosniff");
    String path = req.getRequestURI();
    String why = CanonicalPath.problemWith(path);
    if (why != null) {
      problems.write(
          res,
          Problem.of(
              400,
              "ambiguous-path",
              "Ambiguous request path",
              "The request path " + why + "; send the plain path (e.g. /api/v1/models)"),
          Map.of());
      return;
    }
    chain.doFilter(req, res);
  }
}
