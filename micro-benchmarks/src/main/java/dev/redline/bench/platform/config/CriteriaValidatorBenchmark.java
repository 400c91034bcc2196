package dev.redline.bench.platform.config;

import dev.redline.platform.config.CriteriaInput;
import dev.redline.platform.config.CriteriaValidator;
import dev.redline.platform.system.FieldError;
import java.util.List;
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

/**
 * {@code PUT /api/v1/config/optimization-criteria}: checking a full criteria document after it is
 * parsed. {@link #valid} is a typical accepted document (3 techniques, 4 devices); {@link #invalid}
 * has five mistakes (percent out of range, latency 0, an unknown and a duplicate technique, a
 * device with upper-case letters), so it pays for building every error message. {@link
 * #baselineEmpty} validates an absent partial document (a session without overrides): the call's
 * floor.
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar CriteriaValidatorBenchmark -prof
 * gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CriteriaValidatorBenchmark {

  private CriteriaValidator validator;
  private CriteriaInput valid;
  private CriteriaInput invalid;

  @Setup
  public void setUp() {
    validator = new CriteriaValidator();
    valid =
        new CriteriaInput(
            2.0,
            30.0,
            25.0,
            List.of("quantization", "pruning", "distillation"),
            List.of("jetson-orin", "raspberry-pi-5", "coral-tpu", "x86-cpu"));
    invalid =
        new CriteriaInput(
            120.0,
            30.0,
            0.0,
            List.of("quantization", "sparsification", "quantization"),
            List.of("jetson-orin", "Raspberry-Pi-5"));
    if (!validator.validateFull(valid).isEmpty() || validator.validateFull(invalid).size() != 5) {
      throw new IllegalStateException("the documents no longer test what this benchmark says");
    }
  }

  @Benchmark
  public List<FieldError> baselineEmpty() {
    return validator.validatePartial(null, "criteria_overrides.");
  }

  @Benchmark
  public List<FieldError> valid() {
    return validator.validateFull(valid);
  }

  @Benchmark
  public List<FieldError> invalid() {
    return validator.validateFull(invalid);
  }
}
