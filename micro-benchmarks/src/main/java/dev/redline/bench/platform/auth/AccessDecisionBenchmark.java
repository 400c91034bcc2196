package dev.redline.bench.platform.auth;

import dev.redline.platform.auth.AccessRule;
import dev.redline.platform.system.CanonicalPath;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every request pays before its handler runs to know who may call it: the canonical-path check
 * plus the route table ({@code decide}), beside the prefix comparisons it replaced ({@code
 * prefixBaseline}, kept here only as the yardstick: it decided on the raw path and could be
 * bypassed with {@code ;} or {@code %xx}).
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar AccessDecisionBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class AccessDecisionBenchmark {

  @Param({
    "GET /api/v1/dashboard/stats",
    "GET /api/v1/optimization/sessions/3f1c2a7e-8d5b-4c8e-9a57-1b2c3d4e5f60",
    "PUT /api/v1/config/optimization-criteria"
  })
  public String request;

  private String method;
  private String path;

  @org.openjdk.jmh.annotations.Setup
  public void split() {
    int space = request.indexOf(' ');
    method = request.substring(0, space);
    path = request.substring(space + 1);
  }

  @Benchmark
  public AccessRule decide() {
    if (CanonicalPath.problemWith(path) != null) {
      return null;
    }
    return AccessRule.of(method, path);
  }

  @Benchmark
  public int prefixBaseline() {
    if (!path.startsWith("/api/v1/")) {
      return 0;
    }
    String rest = path.substring("/api/v1/".length());
    boolean read = "GET".equals(method) || "HEAD".equals(method);
    if (rest.startsWith("dashboard/")) {
      return 1;
    }
    if (rest.startsWith("optimization/sessions")) {
      return read || !"POST".equals(method) ? 2 : 3;
    }
    if (rest.startsWith("models")) {
      return read || !"POST".equals(method) ? 4 : 5;
    }
    if (rest.startsWith("config/")) {
      return "PUT".equals(method) ? 6 : 7;
    }
    return 0;
  }
}
