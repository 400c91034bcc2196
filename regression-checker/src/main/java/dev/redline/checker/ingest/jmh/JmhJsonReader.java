package dev.redline.checker.ingest.jmh;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JMH JSON result file ({@code -rf json}, JMH 1.37) into {@link JmhResult}s, raw per-fork
 * iteration data and secondary metrics included. Stateless and thread-safe.
 */
public final class JmhJsonReader {
  /** Largest result file read: far above a JMH suite's output (about 3 KB per avgt entry). */
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  /** Deepest nesting read; a JMH result nests 7 levels (sample mode's histogram pairs). */
  public static final int MAX_NESTING_DEPTH = 32;

  /** Longest string read (names, units, JVM flags, params). */
  public static final int MAX_STRING_CHARS = 1024 * 1024;

  /** Longest number read: JMH writes about 20 characters; any double in plain notation fits. */
  public static final int MAX_NUMBER_CHARS = 400;

  /** Longest field name read (metric and param names). */
  public static final int MAX_NAME_CHARS = 1000;

  private static final JsonMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxDocumentLength(MAX_FILE_BYTES)
                          .maxNestingDepth(MAX_NESTING_DEPTH)
                          .maxStringLength(MAX_STRING_CHARS)
                          .maxNumberLength(MAX_NUMBER_CHARS)
                          .maxNameLength(MAX_NAME_CHARS)
                          .build())
                  // {"score": 1, "score": 2} is ambiguous: refuse it rather than keep the last.
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          // Entries are read one at a time from one stream; entries() checks what follows.
          .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> MODES = Set.of("thrpt", "avgt", "sample", "ss");

  /** How JMH writes a value it could not compute (JSONResultFormat): a string, not a number. */
  private static final Set<String> JMH_NON_FINITE =
      Set.of("NaN", "+INF", "-INF", "Infinity", "-Infinity");

  private static final String TIME_UNITS = "(ns|us|ms|s|min|hr|day)";
  private static final Pattern THROUGHPUT_UNIT = Pattern.compile("ops/" + TIME_UNITS);
  private static final Pattern TIME_PER_OP_UNIT = Pattern.compile(TIME_UNITS + "/op");

  /**
   * Reads every benchmark of {@code json}, in file order, one entry at a time.
   *
   * @throws InputException when the file is missing, not a regular file, too large, not JSON (or
   *     JSON with something after it), beyond the size or nesting limits, not a JMH result, holds
   *     no benchmark, holds one benchmark (name, mode and params) twice, has a score or iteration
   *     that is not a finite number, or a mode or primary unit Redline does not know
   */
  public List<JmhResult> read(Path json) throws InputException {
    InputFiles.requireRegularFile(json, "The JMH result", MAX_FILE_BYTES);
    try (InputStream in = Files.newInputStream(json);
        JsonParser parser = JSON.createParser(in)) {
      try {
        return entries(json, parser);
      } catch (JacksonIOException e) {
        throw new InputException(
            json, "The JMH result " + json + " cannot be read: " + e.getMessage() + ".", e);
      } catch (StreamConstraintsException e) {
        throw new InputException(
            json,
            "The JMH result "
                + json
                + " "
                + beyond(e)
                + " ("
                + where(parser.currentLocation())
                + ").",
            e);
      } catch (JacksonException e) {
        TokenStreamLocation at =
            e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        throw new InputException(
            json,
            "The JMH result "
                + json
                + " is not JSON ("
                + where(at)
                + (e.getOriginalMessage().startsWith("Duplicate ")
                    ? ": an object has a field twice"
                    : "")
                + ").",
            e);
      }
    } catch (NoSuchFileException e) {
      throw new InputException(json, "The JMH result " + json + " does not exist.", e);
    } catch (IOException e) {
      throw new InputException(
          json, "The JMH result " + json + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  /** The array of benchmarks, one entry at a time (memory: one entry's tree plus the results). */
  private static List<JmhResult> entries(Path json, JsonParser parser) throws InputException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new InputException(json, "The JMH result " + json + " is empty.");
    }
    if (first != JsonToken.START_ARRAY) {
      throw new InputException(
          json, "The JMH result " + json + " is not a JMH JSON result (no array of benchmarks).");
    }
    List<JmhResult> results = new ArrayList<>();
    Map<List<Object>, Integer> seen = new HashMap<>();
    int index = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      index++;
      JsonNode entry = JSON.readTree(parser);
      JmhResult r = benchmark(json, index, entry);
      Integer before = seen.putIfAbsent(List.of(r.benchmark(), r.mode(), r.params()), index);
      if (before != null) {
        throw new InputException(
            json,
            "The JMH result "
                + json
                + " holds "
                + label(r.benchmark(), r.mode(), r.params())
                + " twice (entries "
                + before
                + " and "
                + index
                + "); a result holds each benchmark, mode and params once.");
      }
      results.add(r);
    }
    if (parser.nextToken() != null) {
      throw new InputException(
          json,
          "The JMH result "
              + json
              + " goes on after its array of benchmarks ("
              + where(parser.currentTokenLocation())
              + ").");
    }
    if (results.isEmpty()) {
      throw new InputException(json, "The JMH result " + json + " holds no benchmarks.");
    }
    return List.copyOf(results);
  }

  /** Which of the reader's limits {@code e} hit, as the rest of a sentence. */
  private static String beyond(StreamConstraintsException e) {
    String m = e.getOriginalMessage();
    if (m.startsWith("Document nesting depth")) {
      return "nests deeper than " + MAX_NESTING_DEPTH + " levels, the most Redline reads";
    }
    if (m.startsWith("String value length")) {
      // Jackson counts a number's digits against this limit too while it reads them.
      return "holds a string or number longer than "
          + String.format(Locale.ROOT, "%,d", MAX_STRING_CHARS)
          + " characters, the most Redline reads";
    }
    if (m.startsWith("Number value length")) {
      return "holds a number longer than " + MAX_NUMBER_CHARS + " digits, the most Redline reads";
    }
    if (m.startsWith("Name length")) {
      return "holds a field name longer than "
          + MAX_NAME_CHARS
          + " characters, the most Redline reads";
    }
    if (m.startsWith("Document length")) {
      return "is longer than " + InputFiles.mebibytes(MAX_FILE_BYTES) + ", the most Redline reads";
    }
    return "is beyond the size limits of Redline's JSON reader";
  }

  private static String where(TokenStreamLocation at) {
    return "line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** {@code benchmark a.B.c (avgt, size=10)}, for messages. */
  private static String label(String benchmark, String mode, Map<String, String> params) {
    StringBuilder s = new StringBuilder("benchmark ").append(benchmark).append(" (").append(mode);
    params.forEach((k, v) -> s.append(", ").append(k).append('=').append(v));
    return s.append(')').toString();
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
    if (p != null && !p.isNull()) {
      if (!p.isObject()) {
        throw new InputException(
            json,
            "The JMH result "
                + json
                + " is not a JMH JSON result: the params of entry "
                + index
                + " are not an object.");
      }
      for (Map.Entry<String, JsonNode> e : p.properties()) {
        params.put(e.getKey(), e.getValue().asText());
      }
    }
    Values values = new Values(json, label(benchmark, mode, params));

    double score = values.finite(primary.get("score"), "a score");
    List<List<Double>> raw = values.rawData(primary, true);
    if (raw.stream().allMatch(List::isEmpty)) {
      throw new InputException(
          json,
          "The JMH result "
              + json
              + " has "
              + values.label
              + " without iterations (no rawData or rawDataHistogram), so it cannot be tested.");
    }

    Map<String, JmhResult.SecondaryMetric> secondary = new LinkedHashMap<>();
    JsonNode s = b.get("secondaryMetrics");
    if (s != null && !s.isNull()) {
      for (Map.Entry<String, JsonNode> e : s.properties()) {
        JsonNode m = e.getValue();
        String what = "secondary metric " + e.getKey();
        if (!m.isObject()) {
          throw new InputException(
              json,
              "The JMH result "
                  + json
                  + " has "
                  + values.label
                  + " with a "
                  + what
                  + " that is not an object.");
        }
        secondary.put(
            stripProfilerDot(e.getKey()),
            new JmhResult.SecondaryMetric(
                values.numberOrNaN(m.get("score"), "a " + what + " score"),
                values.numberOrNaN(m.get("scoreError"), "a " + what + " scoreError"),
                text(m, "scoreUnit"),
                values.rawData(m, false)));
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
        score,
        values.numberOrNaN(primary.get("scoreError"), "a scoreError"),
        raw,
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

  /** JMH up to 1.36 prefixed profiler metrics with a middle dot; 1.37 does not. */
  private static String stripProfilerDot(String name) {
    return name.startsWith("\u00b7") ? name.substring(1) : name;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /**
   * Reads the numbers of one benchmark entry, naming the benchmark when one is not valid. JMH
   * writes a value it could not compute as the string {@code "NaN"} (or {@code "+INF"}/{@code
   * "-INF"}); anything else that is not a number is not JMH's output.
   */
  private static final class Values {
    final Path json;
    final String label;

    Values(Path json, String label) {
      this.json = json;
      this.label = label;
    }

    /** A number that must be finite: the primary score and every primary iteration. */
    double finite(JsonNode v, String what) throws InputException {
      double d = numberOrNaN(v, what);
      if (!Double.isFinite(d)) {
        throw invalid(what, v == null ? "none" : shown(v));
      }
      return d;
    }

    /** A number, or NaN where JMH wrote none or its own NaN/INF marker; never other text. */
    double numberOrNaN(JsonNode v, String what) throws InputException {
      if (v == null || v.isNull()) {
        return Double.NaN;
      }
      if (v.isNumber()) {
        double d = v.asDouble();
        if (Double.isInfinite(d)) {
          throw invalid(what, "a number beyond the range of a double");
        }
        return d;
      }
      if (v.isTextual() && JMH_NON_FINITE.contains(v.asText())) {
        return Double.NaN;
      }
      throw invalid(what, shown(v));
    }

    InputException invalid(String what, String got) {
      return new InputException(
          json,
          "The JMH result "
              + json
              + " has "
              + label
              + " with "
              + what
              + " that is not a finite number (got "
              + got
              + ").");
    }

    /**
     * Per fork, per iteration scores: {@code rawData} when present, else the mean of each
     * iteration's {@code rawDataHistogram} ([value, count] pairs), which is sample mode's score.
     *
     * @param primary every iteration must be a finite number (else NaN is kept, as JMH wrote it)
     */
    List<List<Double>> rawData(JsonNode metric, boolean primary) throws InputException {
      String prefix = primary ? "" : "secondary metric ";
      List<List<Double>> forks = new ArrayList<>();
      JsonNode raw = metric.get("rawData");
      if (raw != null && !raw.isNull()) {
        int f = 0;
        for (JsonNode fork : array(raw, prefix + "rawData")) {
          f++;
          List<Double> iterations = new ArrayList<>();
          int i = 0;
          for (JsonNode v : array(fork, prefix + "rawData of fork " + f)) {
            i++;
            String what = "iteration " + i + " of fork " + f;
            iterations.add(primary ? finite(v, what) : numberOrNaN(v, prefix + what));
          }
          forks.add(iterations);
        }
        return forks;
      }
      JsonNode histogram = metric.get("rawDataHistogram");
      if (histogram != null && !histogram.isNull()) {
        int f = 0;
        for (JsonNode fork : array(histogram, prefix + "rawDataHistogram")) {
          f++;
          List<Double> iterations = new ArrayList<>();
          int i = 0;
          for (JsonNode iteration : array(fork, prefix + "rawDataHistogram of fork " + f)) {
            i++;
            String what = "iteration " + i + " of fork " + f;
            double sum = 0;
            long count = 0;
            for (JsonNode pair : array(iteration, prefix + "histogram of " + what)) {
              if (!pair.isArray() || pair.size() != 2 || !pair.get(1).canConvertToExactIntegral()) {
                throw new InputException(
                    json,
                    "The JMH result "
                        + json
                        + " has "
                        + label
                        + " with a "
                        + prefix
                        + "histogram entry of "
                        + what
                        + " that is not a [value, count] pair (got "
                        + shown(pair)
                        + ").");
              }
              long n = pair.get(1).asLong();
              double value =
                  primary ? finite(pair.get(0), what) : numberOrNaN(pair.get(0), prefix + what);
              if (n < 0) {
                throw invalid("a negative sample count in " + what, shown(pair));
              }
              sum += value * n;
              count += n;
            }
            if (count == 0 && primary) {
              throw invalid(what, "no samples");
            }
            iterations.add(count == 0 ? Double.NaN : sum / count);
          }
          forks.add(iterations);
        }
      }
      return forks;
    }

    private JsonNode array(JsonNode node, String what) throws InputException {
      if (!node.isArray()) {
        throw new InputException(
            json,
            "The JMH result "
                + json
                + " has "
                + label
                + " with a "
                + what
                + " that is not an array (got "
                + shown(node)
                + ").");
      }
      return node;
    }

    /** The JSON as written, cut to 40 characters. */
    private static String shown(JsonNode v) {
      String s = v.toString();
      return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
  }
}
