package dev.redline.bench.platform.cache;

import dev.redline.platform.cache.CachedBody;
import dev.redline.platform.cache.CaffeineResponseCache;
import dev.redline.platform.cache.ResponseCache;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cache hit path of {@code GET /api/v1/dashboard/stats} and {@code GET
 * /api/v1/config/optimization-criteria}: the regions configured as the service configures them
 * ({@code CacheConfig}: dashboard 30 s TTL and 16 entries, config 5 min and 4), already holding the
 * entry, and a loader lambda built per call as the services build it (it must never run: a run
 * would throw). {@link #baselineMapGet} is a plain {@link ConcurrentHashMap} lookup of the same
 * key: the floor of any keyed cache. {@link #dashboardHitTwoThreads} is the dashboard hit with both
 * cores reading.
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar ResponseCacheBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ResponseCacheBenchmark {

  private static final String DASHBOARD_KEY = "stats";
  private static final String CONFIG_KEY = "criteria";

  private ResponseCache dashboard;
  private ResponseCache config;
  private ConcurrentHashMap<String, CachedBody> map;
  private CachedBody statsBody;
  private CachedBody criteria;

  @Setup(Level.Trial)
  public void setUp() {
    // Stand-ins of the real bodies' sizes: ~400 B of stats, ~250 B of criteria with its ETag.
    statsBody = new CachedBody(new byte[400], null);
    CachedBody criteriaBody = new CachedBody(new byte[250], "\"7\"");
    dashboard = new CaffeineResponseCache(Duration.ofSeconds(30), 16);
    config = new CaffeineResponseCache(Duration.ofMinutes(5), 4);
    criteria = criteriaBody;
    map = new ConcurrentHashMap<>();
    map.put(DASHBOARD_KEY, statsBody);
  }

  /** Writes the entries afresh, so an iteration shorter than 30 s never sees one expire. */
  @Setup(Level.Iteration)
  public void fill() {
    dashboard.invalidateAll();
    config.invalidateAll();
    dashboard.get(DASHBOARD_KEY, () -> statsBody);
    config.get(CONFIG_KEY, () -> criteria);
  }

  private CachedBody mustNotLoad() {
    throw new IllegalStateException("a hit benchmark called the loader: the entry was evicted");
  }

  @Benchmark
  public CachedBody baselineMapGet() {
    return map.get(DASHBOARD_KEY);
  }

  @Benchmark
  public byte[] dashboardHit() {
    return dashboard.get(DASHBOARD_KEY, () -> mustNotLoad()).json();
  }

  @Benchmark
  public CachedBody configHit() {
    return config.get(CONFIG_KEY, () -> mustNotLoad());
  }

  @Benchmark
  @Threads(2)
  public byte[] dashboardHitTwoThreads() {
    return dashboard.get(DASHBOARD_KEY, () -> mustNotLoad()).json();
  }
}
