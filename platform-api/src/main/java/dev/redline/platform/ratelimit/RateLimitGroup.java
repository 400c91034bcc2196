package dev.redline.platform.ratelimit;

/** Route groups with their own per-user budget (API.md: dashboard, sessions, config GET/PUT). */
public enum RateLimitGroup {
  DASHBOARD,
  SESSIONS,
  MODELS,
  CONFIG_READ,
  CONFIG_WRITE
}
