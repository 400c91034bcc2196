package dev.redline.simulations.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

/**
 * Every setting of the load suite, read once from system properties ({@code -Dname=value}) with
 * safe defaults. Each number has a full default and a smoke default; {@code -Dsize=smoke} picks the
 * smoke ones (the build's {@code verify} runs), any explicit property wins over both.
 *
 * <p>Units are in the names: {@code Ms} milliseconds, {@code Seconds} seconds, {@code Rps} new
 * virtual users (one request each) per second, {@code Percent} 0..100.
 */
public final class SimulationConfig {

  /** How big a run is: the numbers, or a few seconds for the build's smoke runs. */
  public enum Size {
    FULL,
    SMOKE
  }

  /** Which targets the assertions hold the platform to. */
  public enum TargetSet {
    /** The platform's own load-suite targets (the table). */
    DEFAULT,
    /** Redline's goals: p99 < 20 ms cached reads, < 50 ms list queries, zero errors. */
    STRICT
  }

  private final Properties props;
  private final Size size;

  // ---- where and who -------------------------------------------------------------------------
  /**
   * Base URL of platform-api, without the {@code /api/v1} prefix (the first of {@link #baseUrls}).
   */
  public final String baseUrl;

  /**
   * Every instance the HTTP load spreads over, one per virtual user in turn (Gatling's {@code
   * baseUrls}): {@code -DbaseUrl=http://a:8080,http://b:8080} for several instances behind no load
   * balancer.
   */
  public final List<String> baseUrls;

  /** Token prefix of the users the platform's {@code load} profile provisions. */
  public final String tokenPrefix;

  /** How many of those tokens exist ({@code PLATFORM_LOAD_USERS}); 2..100000. */
  public final int tokenCount;

  /** Admin token of the config PUTs and the /ws probe; defaults to the pool's first token. */
  public final String adminToken;

  public final TargetSet targets;

  /** This injector's part of a sharded run ({@code -Dshard.index}, {@code -Dshard.count}). */
  public final Shard shard;

  // ---- dashboard ------------------------------------------------------------------------------
  public final int dashboardUsers;
  public final int dashboardRequests;
  public final int dashboardSustainUsers;
  public final int dashboardSustainSeconds;
  public final double dashboardSuccessPercent;
  public final int dashboardMeanMs;
  public final int dashboardP95Ms;

  // ---- sessions -------------------------------------------------------------------------------
  public final int sessionsUsers;
  public final int sessionsRequests;
  public final double sessionsSuccessPercent;
  public final int sessionsMeanMs;

  // ---- config ---------------------------------------------------------------------------------
  public final int configUsers;
  public final int configRequests;
  public final int configPutUpdates;
  public final double configSuccessPercent;
  public final int configGetMeanMs;
  public final int configPutMeanMs;

  // ---- websocket ------------------------------------------------------------------------------
  public final int wsConnections;
  public final int wsListeners;
  public final int wsEventTimeoutSeconds;
  public final double wsConnectSuccessPercent;
  public final int wsConnectMeanMs;
  public final boolean skipWsWhenAbsent;

  // ---- mixed ----------------------------------------------------------------------------------
  public final int mixedUsers;
  public final int mixedRequestsPerType;
  public final double mixedSuccessPercent;

  // ---- strict target set ----------------------------------------------------------------------
  public final int strictCachedP99Ms;
  public final int strictListP99Ms;

  // ---- stress ---------------------------------------------------------------------------------
  public final double stressStartRps;
  public final double stressStepRps;
  public final int stressSteps;
  public final int stressStepSeconds;
  public final int stressWarmupSeconds;
  public final int stressP95Ms;
  public final double stressMaxErrorPercent;

  // ---- spike ----------------------------------------------------------------------------------
  public final double spikeBaseRps;
  public final double spikeFactor;
  public final int spikeSteadySeconds;
  public final int spikeSeconds;
  public final int spikeRecoverySeconds;
  public final int spikeWindowSeconds;
  public final double spikeSuccessPercent;

  // ---- soak -----------------------------------------------------------------------------------
  public final double soakRps;
  public final int soakSeconds;
  public final int soakWindowSeconds;
  public final int soakWarmupSeconds;
  public final double soakDriftPercent;
  public final int soakNoiseFloorMs;

  // ---- rate limit -----------------------------------------------------------------------------
  public final int rateLimitMaxRequests;
  public final int rateLimitConnections;
  public final int rateLimitBystanders;
  public final int rateLimitBystanderRequests;

  /** Reads every setting from {@link System#getProperties()}. */
  public static SimulationConfig fromSystemProperties() {
    return new SimulationConfig(System.getProperties());
  }

  /** Reads every setting from {@code props}; fails with a sentence naming a bad value. */
  public SimulationConfig(Properties props) {
    this.props = props;
    this.size = enumValue("size", Size.class, Size.FULL);
    this.targets = enumValue("targets", TargetSet.class, TargetSet.DEFAULT);

    List<String> urls = new ArrayList<>();
    for (String url : str("baseUrl", "http://127.0.0.1:8080").split(",")) {
      url = stripSlash(url.trim());
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "baseUrl must be an absolute http(s) URL such as http://127.0.0.1:18090 (or several,"
                + " comma-separated), got: "
                + url);
      }
      urls.add(url);
    }
    this.baseUrls = List.copyOf(urls);
    this.baseUrl = baseUrls.get(0);
    this.tokenPrefix = str("tokenPrefix", "load-token-");
    this.tokenCount = intValue("tokenCount", 500, 500, 2, 100_000);
    this.shard = Shard.from(props);
    shard.tokens(tokenCount - 1); // fails now, naming both settings, when the pool is too small
    this.adminToken = str("adminToken", tokenPrefix + "1");

    this.dashboardUsers = intValue("dashboard.users", 10, 5, 1, 10_000);
    this.dashboardRequests = intValue("dashboard.requests", 100, 20, 1, 10_000_000);
    this.dashboardSustainUsers = intValue("dashboard.sustainUsers", 5, 2, 0, 10_000);
    this.dashboardSustainSeconds = intValue("dashboard.sustainSeconds", 10, 2, 0, 86_400);
    this.dashboardSuccessPercent = dbl("dashboard.successPercent", 95, 95, 0, 100);
    this.dashboardMeanMs = intValue("dashboard.meanMs", 1000, 1000, 1, 600_000);
    this.dashboardP95Ms = intValue("dashboard.p95Ms", 2000, 2000, 1, 600_000);

    this.sessionsUsers = intValue("sessions.users", 10, 5, 1, 10_000);
    this.sessionsRequests = intValue("sessions.requests", 100, 20, 1, 10_000_000);
    this.sessionsSuccessPercent = dbl("sessions.successPercent", 95, 95, 0, 100);
    this.sessionsMeanMs = intValue("sessions.meanMs", 1500, 1500, 1, 600_000);

    this.configUsers = intValue("config.users", 10, 5, 1, 10_000);
    this.configRequests = intValue("config.requests", 100, 20, 1, 10_000_000);
    this.configPutUpdates = intValue("config.putUpdates", 20, 5, 0, 100_000);
    this.configSuccessPercent = dbl("config.successPercent", 95, 95, 0, 100);
    this.configGetMeanMs = intValue("config.getMeanMs", 500, 500, 1, 600_000);
    this.configPutMeanMs = intValue("config.putMeanMs", 1000, 1000, 1, 600_000);

    this.wsConnections = intValue("ws.connections", 50, 10, 0, 100_000);
    this.wsListeners = intValue("ws.listeners", 20, 5, 1, 100_000);
    this.wsEventTimeoutSeconds = intValue("ws.eventTimeoutSeconds", 30, 20, 1, 3_600);
    this.wsConnectSuccessPercent = dbl("ws.connectSuccessPercent", 90, 90, 0, 100);
    this.wsConnectMeanMs = intValue("ws.connectMeanMs", 1000, 1000, 1, 600_000);
    this.skipWsWhenAbsent = Boolean.parseBoolean(str("skipWsWhenAbsent", "false"));

    this.mixedUsers = intValue("mixed.users", 10, 5, 1, 10_000);
    this.mixedRequestsPerType = intValue("mixed.requestsPerType", 30, 10, 1, 10_000_000);
    this.mixedSuccessPercent = dbl("mixed.successPercent", 95, 95, 0, 100);

    this.strictCachedP99Ms = intValue("strict.cachedP99Ms", 20, 20, 1, 600_000);
    this.strictListP99Ms = intValue("strict.listP99Ms", 50, 50, 1, 600_000);

    this.stressStartRps = dbl("stress.startRps", 50, 5, 0.1, 100_000);
    this.stressStepRps = dbl("stress.stepRps", 50, 10, 0.1, 100_000);
    this.stressSteps = intValue("stress.steps", 12, 3, 1, 1_000);
    this.stressStepSeconds = intValue("stress.stepSeconds", 10, 3, 1, 3_600);
    this.stressWarmupSeconds = intValue("stress.warmupSeconds", 10, 3, 0, 3_600);
    this.stressP95Ms = intValue("stress.p95Ms", 250, 250, 1, 600_000);
    this.stressMaxErrorPercent = dbl("stress.maxErrorPercent", 1, 1, 0, 100);

    this.spikeBaseRps = dbl("spike.baseRps", 20, 10, 0.1, 100_000);
    this.spikeFactor = dbl("spike.factor", 10, 10, 1, 1_000);
    this.spikeSteadySeconds = intValue("spike.steadySeconds", 30, 5, 2, 86_400);
    this.spikeSeconds = intValue("spike.spikeSeconds", 10, 2, 1, 86_400);
    this.spikeRecoverySeconds = intValue("spike.recoverySeconds", 30, 6, 2, 86_400);
    this.spikeWindowSeconds = intValue("spike.windowSeconds", 3, 2, 1, 600);
    this.spikeSuccessPercent = dbl("spike.successPercent", 95, 95, 0, 100);

    this.soakRps = dbl("soak.rps", 20, 10, 0.1, 100_000);
    this.soakSeconds = intValue("soak.seconds", 120, 12, 2, 7 * 86_400);
    this.soakWindowSeconds = intValue("soak.windowSeconds", 30, 4, 1, 86_400);
    this.soakWarmupSeconds = intValue("soak.warmupSeconds", 10, 3, 0, 3_600);
    this.soakDriftPercent = dbl("soak.driftPercent", 10, 10, 0, 10_000);
    // Smoke windows hold ~40 samples on a shared machine: their p95 moves by tens of ms at random,
    // so the smoke run only catches gross slowdowns (+500 ms); the full size gates at 10%.
    this.soakNoiseFloorMs = intValue("soak.noiseFloorMs", 5, 500, 0, 600_000);
    if (2 * soakWindowSeconds > soakSeconds) {
      throw new IllegalArgumentException(
          "soak.windowSeconds ("
              + soakWindowSeconds
              + ") must be at most half of soak.seconds ("
              + soakSeconds
              + ") so the first and last windows do not overlap");
    }

    this.rateLimitMaxRequests = intValue("rateLimit.maxRequests", 20_000, 20_000, 1, 1_000_000);
    this.rateLimitConnections = intValue("rateLimit.connections", 8, 8, 1, 1_000);
    this.rateLimitBystanders = intValue("rateLimit.bystanders", 5, 3, 1, 10_000);
    this.rateLimitBystanderRequests = intValue("rateLimit.bystanderRequests", 5, 3, 1, 10_000);
  }

  /** Whether this run is the build's smoke size. */
  public boolean smoke() {
    return size == Size.SMOKE;
  }

  /** The size this run was configured with. */
  public Size size() {
    return size;
  }

  /** The WebSocket base URL matching {@link #baseUrl} ({@code http} becomes {@code ws}). */
  public String wsBaseUrl() {
    return baseUrl.replaceFirst("^http", "ws");
  }

  /** One line describing the run, for the console and the run description. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "baseUrl=%s size=%s targets=%s tokens=%s%d..%s%d %s",
        String.join(",", baseUrls),
        size.name().toLowerCase(Locale.ROOT),
        targets.name().toLowerCase(Locale.ROOT),
        tokenPrefix,
        shard.tokens(tokenCount - 1).first(),
        tokenPrefix,
        shard.count == 1 ? tokenCount : shard.tokens(tokenCount - 1).last(),
        shard.describe());
  }

  private String str(String key, String fallback) {
    String value = props.getProperty(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private int intValue(String key, int full, int smoke, int min, int max) {
    return number(key, size == Size.SMOKE ? smoke : full, min, max, Integer::parseInt);
  }

  /**
   * A number from {@code -Dkey}: {@code full} or {@code smoke} by size when unset; not a number or
   * outside {@code min..max} is refused with a message naming the key and the value.
   */
  public double dbl(String key, double full, double smoke, double min, double max) {
    return number(key, size == Size.SMOKE ? smoke : full, min, max, Double::parseDouble);
  }

  private <T extends Number & Comparable<T>> T number(
      String key, T fallback, T min, T max, Function<String, T> parse) {
    String raw = props.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    T value;
    try {
      value = parse.apply(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + key + "=" + raw + " is not a number; expected " + min + ".." + max);
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "-D" + key + "=" + raw + " is out of range; expected " + min + ".." + max);
    }
    return value;
  }

  private <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
    String raw = props.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        allowed.append(allowed.length() == 0 ? "" : ", ");
        allowed.append(constant.name().toLowerCase(Locale.ROOT));
      }
      throw new IllegalArgumentException("-D" + key + "=" + raw + " is not one of: " + allowed, e);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
