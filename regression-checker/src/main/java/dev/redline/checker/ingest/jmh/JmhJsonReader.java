package dev.redline.checker.ingest.jmh;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redline.checker.ingest.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JMH JSON result file ({@code -rf json}, JMH 1.37) into {@link JmhResult}s, raw per-fork
 * iteration data and secondary metrics included. Stateless and thread-safe.
 */
public final class JmhJsonReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> MODES = Set.of("thrpt", "avgt", "sample", "ss");
  private static final String TIME_UNITS = "(ns|us|ms|s|min|hr|day)";
  private static final Pattern THROUGHPUT_UNIT = Pattern.compile("ops/" + TIME_UNITS);
  private static final Pattern TIME_PER_OP_UNIT = Pattern.compile(TIME_UNITS + "/op");

  /**
   * Reads every benchmark of {@code json}, in file order.
   *
   * @throws InputException when the file is missing, not JSON, not a JMH result, holds no
   *     benchmark, or has a mode or primary unit Redline does not know
   */
  public List<JmhResult> read(Path json) throws InputException {
    if (Files.isDirectory(json)) {
      throw new InputException(json, "The JMH result " + json + " is a folder, not a JSON file.");
    }
    JsonNode root;
    try (InputStream in = Files.newInputStream(json)) {
      root = JSON.readTree(in);
    } catch (NoSuchFileException e) {
      throw new InputException(json, "The JMH result " + json + " does not exist.", e);
    } catch (JacksonException e) {
      throw new InputException(
          json,
          "The JMH result "
              + json
              + " is not JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ").",
          e);
    } catch (IOException e) {
      throw new InputException(
          json, "The JMH result " + json + " cannot be read: " + e.getMessage() + ".", e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InputException(json, "The JMH result " + json + " is empty.");
    }
    if (!root.isArray()) {
      throw new InputException(
          json, "The JMH result " + json + " is not a JMH JSON result (no array of benchmarks).");
    }
    if (root.isEmpty()) {
      throw new InputException(json, "The JMH result " + json + " holds no benchmarks.");
    }
    List<JmhResult> results = new ArrayList<>(root.size());
    int index = 0;
    for (JsonNode b : root) {
      index++;
      results.add(benchmark(json, index, b));
    }
    return List.copyOf(results);
  }

  private static JmhResult benchmark(Path json, int index, JsonNode b) throws InputException {
    String benchmark = text(b, "benchmark");
    JsonNode primary = b.get("primaryMetric");
    if (benchmark.isEmpty() || primary == null || !primary.isObject()) {
      throw new InputException(
          json,
          "The JMH result "
              + json
              + " is not a JMH JSON result: entry "
              + index
              + " has no benchmark name or primaryMetric.");
    }
    String mode = text(b, "mode");
    if (!MODES.contains(mode)) {
      throw new InputException(
          json,
          "The JMH result "
              + json
              + " has benchmark "
              + benchmark
              + " in mode '"
              + mode
              + "', which Redline does not know (thrpt, avgt, sample, ss).");
    }
    String unit = text(primary, "scoreUnit");
    boolean higherIsBetter = higherIsBetter(json, benchmark, mode, unit);

    Map<String, String> params = new TreeMap<>();
    JsonNode p = b.get("params");
    if (p != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
    }

    Map<String, JmhResult.SecondaryMetric> secondary = new LinkedHashMap<>();
    JsonNode s = b.get("secondaryMetrics");
    if (s != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode m = e.getValue();
        secondary.put(
            stripProfilerDot(e.getKey()),
            new JmhResult.SecondaryMetric(
                number(m, "score"), number(m, "scoreError"), text(m, "scoreUnit"), rawData(m)));
      }
    }

    List<String> jvmArgs = new ArrayList<>();
    JsonNode args = b.get("jvmArgs");
    if (args != null) {
      args.forEach(a -> jvmArgs.add(a.asText()));
    }

    return new JmhResult(
        json,
        benchmark,
        mode,
        new TreeMap<>(params),
        unit,
        number(primary, "score"),
        number(primary, "scoreError"),
        rawData(primary),
        secondary,
        higherIsBetter,
        text(b, "jmhVersion"),
        text(b, "jdkVersion"),
        text(b, "vmName"),
        text(b, "vmVersion"),
        jvmArgs,
        b.path("threads").asInt(1),
        b.path("forks").asInt(0),
        b.path("warmupIterations").asInt(0),
        b.path("measurementIterations").asInt(0),
        text(b, "measurementTime"));
  }

  /**
   * Direction from the unit: more operations per time is better, less time per operation is better.
   * The mode must agree with the unit's shape.
   */
  static boolean higherIsBetter(Path json, String benchmark, String mode, String unit)
      throws InputException {
    Matcher throughput = THROUGHPUT_UNIT.matcher(unit);
    Matcher perOp = TIME_PER_OP_UNIT.matcher(unit);
    if (throughput.matches() && mode.equals("thrpt")) {
      return true;
    }
    if (perOp.matches() && !mode.equals("thrpt")) {
      return false;
    }
    throw new InputException(
        json,
        "The JMH result "
            + json
            + " has benchmark "
            + benchmark
            + " ("
            + mode
            + ") in unit '"
            + unit
            + "', which Redline does not know (ops/<t> for thrpt, <t>/op otherwise, <t> one of"
            + " ns, us, ms, s, min, hr, day).");
  }

  /**
   * Per fork, per iteration scores: {@code rawData} when present, else the mean of each iteration's
   * {@code rawDataHistogram} ([value, count] pairs), which is sample mode's score.
   */
  private static List<List<Double>> rawData(JsonNode metric) {
    List<List<Double>> forks = new ArrayList<>();
    JsonNode raw = metric.get("rawData");
    if (raw != null && raw.isArray()) {
      for (JsonNode fork : raw) {
        List<Double> iterations = new ArrayList<>();
        fork.forEach(v -> iterations.add(v.asDouble()));
        forks.add(iterations);
      }
      return forks;
    }
    JsonNode histogram = metric.get("rawDataHistogram");
    if (histogram != null && histogram.isArray()) {
      for (JsonNode fork : histogram) {
        List<Double> iterations = new ArrayList<>();
        for (JsonNode iteration : fork) {
          double sum = 0;
          long count = 0;
          for (JsonNode pair : iteration) {
            long n = pair.get(1).asLong();
            sum += pair.get(0).asDouble() * n;
            count += n;
          }
          iterations.add(count == 0 ? Double.NaN : sum / count);
        }
        forks.add(iterations);
      }
    }
    return forks;
  }

  /** JMH up to 1.36 prefixed profiler metrics with a middle dot; 1.37 does not. */
  private static String stripProfilerDot(String name) {
    return name.startsWith("\u00b7") ? name.substring(1) : name;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /** JMH writes "NaN" (a string) when a value is undefined. */
  private static double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Double.NaN;
    }
    return v.isNumber() ? v.asDouble() : v.asDouble(Double.NaN);
  }
}
