package dev.redline.bench.checker.ingest.gatling;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.gatling.GatlingLogReader;
import dev.redline.checker.ingest.gatling.GatlingRun;
import dev.redline.checker.ingest.gatling.SimulationLogDecoder;
import dev.redline.checker.ingest.gatling.SyntheticLogGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding a binary Gatling {@code simulation.log}: a seeded synthetic log of {@code requests}
 * requests (250,000 make 6.8 MB; the checker's {@link SyntheticLogGenerator}, from its test-jar)
 * written to a temp file in {@code @Setup}, read from the page cache.
 *
 * <ul>
 *   <li>{@link #read}: what {@code redline ingest} does, {@link GatlingLogReader#read} (exact
 *       per-request distributions, per-second windows);
 *   <li>{@link #decodeOnly}: {@link SimulationLogDecoder#decode} with a visitor that only counts,
 *       the format's share;
 *   <li>{@link #baselineReadBytes}: reading the file's bytes into a reused buffer, the I/O floor.
 * </ul>
 *
 * The score is logs per second; the {@code mb} line beside it is the same in megabytes (10^6 bytes)
 * per second.
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar GatlingLogReaderBenchmark -prof
 * gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class GatlingLogReaderBenchmark {

  /** Requests in the log (whole users of 4 requests). */
  @Param({"250000"})
  public int requests;

  private Path log;
  private double megabytes;
  private GatlingLogReader reader;
  private ByteBuffer buffer;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    log = Files.createTempFile("redline-bench-", "-simulation.log");
    SyntheticLogGenerator.write(log, requests, 42);
    long bytes = Files.size(log);
    megabytes = bytes / 1e6;
    reader = new GatlingLogReader();
    buffer = ByteBuffer.allocateDirect(1 << 20);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(log);
  }

  /** Megabytes processed, reported per second next to the primary score. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public double mb;

    @Setup(Level.Iteration)
    public void reset() {
      mb = 0;
    }
  }

  @Benchmark
  public long baselineReadBytes(Throughput t) throws IOException {
    long total = 0;
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
      int n;
      while ((n = ch.read(buffer.clear())) > 0) {
        total += n;
      }
    }
    t.mb += megabytes;
    return total;
  }

  @Benchmark
  public GatlingRun read(Throughput t) throws InputException {
    GatlingRun run = reader.read(log);
    t.mb += megabytes;
    return run;
  }

  @Benchmark
  public long decodeOnly(Throughput t) throws InputException {
    CountingVisitor v = new CountingVisitor();
    SimulationLogDecoder.decode(log, v);
    t.mb += megabytes;
    return v.records;
  }

  /** Counts records and sums their times so the decoder's work cannot be dropped. */
  private static final class CountingVisitor implements SimulationLogDecoder.RecordVisitor {
    long records;

    @Override
    public void run(SimulationLogDecoder.RunHeader header) {
      records++;
    }

    @Override
    public void request(
        String[] groups, String name, int startMs, int endMs, boolean ok, String message) {
      records += 1 + ((endMs - startMs) & 1);
    }

    @Override
    public void user(int scenarioIndex, boolean start, int timeMs) {
      records++;
    }

    @Override
    public void group(
        String[] groups, int startMs, int endMs, int cumulatedResponseTimeMs, boolean ok) {
      records++;
    }

    @Override
    public void error(String message, int timeMs) {
      records++;
    }
  }
}
