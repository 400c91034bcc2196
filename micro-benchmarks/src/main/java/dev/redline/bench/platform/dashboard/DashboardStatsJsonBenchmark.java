package dev.redline.bench.platform.dashboard;

import dev.redline.bench.platform.Gzip;
import dev.redline.platform.dashboard.DashboardStats;
import dev.redline.platform.json.JsonMapperFactory;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/dashboard/stats} on a cache miss: the stats record to the JSON bytes the
 * service sends (its own mapper: snake_case, ISO-8601 instant; 348 bytes), and the same bytes
 * gzipped (222 bytes). The service compresses only bodies of 1 KiB and more, so it sends this one
 * plain: {@link #serializeGzip} prices lowering that threshold. {@link #baselineCachedBytes} is
 * what a cache hit costs instead (the bytes are already there); {@link #gzipOnly} separates
 * compression from serialization.
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar DashboardStatsJsonBenchmark -prof
 * gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DashboardStatsJsonBenchmark {

  private JsonMapper mapper;
  private DashboardStats stats;
  private byte[] json;

  @Setup
  public void setUp() {
    mapper = JsonMapperFactory.create();
    // Figures of the seeded 1M-session database: six-digit counts, two-decimal averages.
    stats =
        new DashboardStats(
            1_000_000,
            12_345,
            678,
            940_000,
            31_977,
            15_000,
            2_000,
            41_667,
            63.42,
            2.87,
            -1.24,
            Instant.parse("2026-11-27T00:11:40.748Z"));
    json = mapper.writeValueAsBytes(stats);
  }

  @Benchmark
  public byte[] baselineCachedBytes() {
    return json;
  }

  @Benchmark
  public byte[] serialize() {
    return mapper.writeValueAsBytes(stats);
  }

  @Benchmark
  public byte[] serializeGzip() {
    return Gzip.gzip(mapper.writeValueAsBytes(stats));
  }

  @Benchmark
  public byte[] gzipOnly() {
    return Gzip.gzip(json);
  }
}
