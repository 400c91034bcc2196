package dev.redline.bench.platform.session;

import dev.redline.bench.platform.Gzip;
import dev.redline.platform.json.JsonMapperFactory;
import dev.redline.platform.session.Results;
import dev.redline.platform.session.SessionListItem;
import dev.redline.platform.session.SessionPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
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
 * {@code GET /api/v1/sessions?limit=50}: a page of 50 list rows (mixed statuses, results on the
 * completed ones, seeded) to the JSON bytes the service sends (20.4 KB), and gzipped as Tomcat does
 * (4.2 KB; the service compresses JSON of 1 KiB and more). {@link #baselineCachedBytes} is a cache
 * hit; {@link #gzipOnly} is the compression share.
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar SessionPageJsonBenchmark -prof
 * gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SessionPageJsonBenchmark {

  /** Rows per page: API.md's default and maximum {@code limit}. */
  static final int PAGE_SIZE = 50;

  private static final String[] STATUSES = {
    "queued", "running", "completed", "failed", "cancelled"
  };
  private static final String[] FRAMEWORKS = {"pytorch", "tensorflow", "onnx"};
  private static final String[] DEVICES = {"jetson-orin", "raspberry-pi-5", "coral-tpu", "x86-cpu"};
  private static final List<List<String>> TECHNIQUES =
      List.of(
          List.of("quantization"),
          List.of("pruning", "quantization"),
          List.of("distillation"),
          List.of("quantization", "pruning", "distillation"));

  private JsonMapper mapper;
  private SessionPage page;
  private byte[] json;

  @Setup
  public void setUp() {
    mapper = JsonMapperFactory.create();
    page = page(new SplittableRandom(42));
    json = mapper.writeValueAsBytes(page);
  }

  /** A seeded page of {@link #PAGE_SIZE} rows, newest first, as the repository returns it. */
  static SessionPage page(SplittableRandom random) {
    List<SessionListItem> items = new ArrayList<>(PAGE_SIZE);
    Instant t = Instant.parse("2026-11-27T00:00:00Z");
    for (int i = 0; i < PAGE_SIZE; i++) {
      String status = STATUSES[random.nextInt(STATUSES.length)];
      boolean completed = status.equals("completed");
      Results results =
          completed
              ? new Results(
                  Math.round(random.nextDouble(20, 80) * 100) / 100.0,
                  Math.round(random.nextDouble(1, 4) * 100) / 100.0,
                  Math.round(random.nextDouble(-3, 0.5) * 100) / 100.0)
              : null;
      int progress = completed ? 100 : status.equals("running") ? random.nextInt(1, 100) : 0;
      Instant created = t.minusSeconds(60L * i + random.nextInt(60));
      items.add(
          new SessionListItem(
              new UUID(random.nextLong(), random.nextLong()),
              new UUID(random.nextLong(), random.nextLong()),
              "model-" + random.nextInt(2_000),
              FRAMEWORKS[random.nextInt(FRAMEWORKS.length)],
              DEVICES[random.nextInt(DEVICES.length)],
              status,
              TECHNIQUES.get(random.nextInt(TECHNIQUES.size())),
              DEVICES[random.nextInt(DEVICES.length)],
              progress,
              results,
              created,
              created.plusSeconds(random.nextInt(600))));
    }
    return new SessionPage(
        items, 1_000_000, PAGE_SIZE, 0, "eyJjIjoiMjAyNi0xMS0yNlQyMzoxMDowMFoifQ");
  }

  @Benchmark
  public byte[] baselineCachedBytes() {
    return json;
  }

  @Benchmark
  public byte[] serialize() {
    return mapper.writeValueAsBytes(page);
  }

  @Benchmark
  public byte[] serializeGzip() {
    return Gzip.gzip(mapper.writeValueAsBytes(page));
  }

  @Benchmark
  public byte[] gzipOnly() {
    return Gzip.gzip(json);
  }
}
