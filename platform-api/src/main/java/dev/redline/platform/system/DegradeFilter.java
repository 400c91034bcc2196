package dev.redline.platform.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The deliberate slowdown the regression gate must catch: with {@code platform.degrade.percent} = P
 * (0..1000), every {@code /api/**} request takes P% longer than it would. The request's own time is
 * measured, then the extra share is slept before the buffered response is released.
 */
@Component
@Order(0)
class DegradeFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(DegradeFilter.class);

  private final int percent;

  DegradeFilter(@Value("${platform.degrade.percent:0}") int percent) {
    if (percent < 0 || percent > 1000) {
      throw new IllegalArgumentException(
          "PLATFORM_DEGRADE_PERCENT must be 0..1000, got " + percent);
    }
    this.percent = percent;
    if (percent > 0) {
      String line = "*".repeat(78);
      log.warn(line);
      log.warn(
          "*** DEGRADE MODE ON: every /api request is made {}% slower on purpose. ***", percent);
      log.warn("*** Unset PLATFORM_DEGRADE_PERCENT for real measurements.                ***");
      log.warn(line);
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return percent == 0 || !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    long t0 = System.nanoTime();
    ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(res);
    try {
      chain.doFilter(req, buffered);
    } finally {
      long extraNanos = (System.nanoTime() - t0) * percent / 100;
      long deadline = System.nanoTime() + extraNanos;
      for (long left = extraNanos; left > 0; left = deadline - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      buffered.copyBodyToResponse();
    }
  }
}
