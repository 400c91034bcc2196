package dev.redline.platform.ratelimit;

import dev.redline.platform.auth.AccessRule;
import dev.redline.platform.auth.Principal;
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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the per-user limit after authentication and sets the IETF RateLimit headers on every API
 * response; over the limit answers 429 with {@code Retry-After}.
 */
@Component
@Order(30)
class RateLimitFilter extends OncePerRequestFilter {

  private final RateLimiter limiter;
  private final ProblemWriter problems;

  RateLimitFilter(RateLimiter limiter, ProblemWriter problems) {
    this.limiter = limiter;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    Principal p = (Principal) req.getAttribute(Principal.ATTRIBUTE);
    AccessRule rule = (AccessRule) req.getAttribute(AccessRule.class.getName());
    if (p == null || rule == null || rule.group() == null) {
      chain.doFilter(req, res);
      return;
    }
    RateLimitDecision d = limiter.tryAcquire(p.userId(), rule.group(), System.currentTimeMillis());
    res.setHeader("RateLimit-Limit", Integer.toString(d.limit()));
    res.setHeader("RateLimit-Remaining", Integer.toString(d.remaining()));
    res.setHeader("RateLimit-Reset", Long.toString(d.resetSeconds()));
    if (!d.allowed()) {
      problems.write(
          res,
          Problem.of(
                  429,
                  "rate-limited",
                  "Too many requests",
                  "Limit of "
                      + d.limit()
                      + " requests per minute reached for "
                      + rule.group().name().toLowerCase()
                      + "; retry in "
                      + d.resetSeconds()
                      + " s")
              .withInstance(req.getRequestURI()),
          Map.of("Retry-After", Long.toString(d.resetSeconds())));
      return;
    }
    chain.doFilter(req, res);
  }
}
