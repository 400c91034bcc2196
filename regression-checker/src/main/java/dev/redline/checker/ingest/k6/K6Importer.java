package dev.redline.checker.ingest.k6;

import dev.redline.checker.ingest.Importer;
import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.InputFiles;
import dev.redline.checker.ingest.RequestMeasurements;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Window;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * k6's JSON results output ({@code k6 run --out json=results.json}, or gzipped with {@code
 * json=results.gz}): one JSON object a line, {@code {"type":"Metric",...}} declaring a metric,
 * {@code {"type":"Point","metric":...,"data":{"time": ...,"value":...,"tags":{...}}}} one sample of
 * it.
 *
 * <p>Each {@code http_req_duration} point is one response: its value the response time in ms, its
 * time the second it counts in, its tags {@code method} and {@code name} (k6 sets {@code name} to
 * the URL unless the script names the request) the request it belongs to, {@code METHOD name}. A
 * response failed when k6 tagged it {@code expected_response:false} (what {@code http_req_failed}
 * counts), or, without that tag, when its {@code status} is 0 (no response) or at least 400. Per
 * request and for {@code All Requests}: the {@link RequestMeasurements} a Gatling request gets, and
 * one {@link Window} a second (active users from the {@code vus} points). Other metrics are
 * skipped. The suite is {@code k6} unless {@code --suite} names it.
 */
public final class K6Importer implements Importer {
  private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"(Metric|Point)\"");
  private static final JsonMapper JSON = JsonMapper.shared();

  /** A run is kept a window a second; no load test lasts a month. */
  private static final long MAX_SECONDS = 31L * 24 * 3600;

  @Override
  public String what() {
    return "a k6 JSON output";
  }

  @Override
  public boolean accepts(Path path, byte[] head) {
    String first = InputFiles.firstLine(gzipped(head) ? gunzipHead(head) : head);
    return first.startsWith("{") && TYPE.matcher(first).find();
  }

  /** {@code k6 run --out json=results.gz} writes the same lines gzipped. */
  private static boolean gzipped(byte[] head) {
    return head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
  }

  /** As much of the text as the compressed head holds. */
  private static byte[] gunzipHead(byte[] head) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(head))) {
      byte[] chunk = new byte[InputFiles.HEAD_BYTES];
      int n;
      while (text.size() < InputFiles.HEAD_BYTES && (n = in.read(chunk)) > 0) {
        text.write(chunk, 0, n);
      }
    } catch (IOException e) {
      // the head ends mid-stream: what was inflated so far is the file's start
    }
    return text.toByteArray();
  }

  private static BufferedReader open(Path path) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    try {
      in.mark(2);
      byte[] magic = in.readNBytes(2);
      in.reset();
      if (gzipped(magic)) {
        in = new GZIPInputStream(in, 1 << 16);
      }
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
  }

  @Override
  public Run.Builder read(Path path, Run.Builder b) throws InputException {
    Responses all = new Responses(RequestMeasurements.ALL_REQUESTS);
    Map<String, Responses> byRequest = new TreeMap<>();
    Map<Long, Long> vusBySecond = new HashMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int lineNumber = 0;
    try (BufferedReader in = open(path)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = parse(path, lineNumber, line);
        if (!"Point".equals(node.path("type").asString(""))) {
          continue;
        }
        String metric = node.path("metric").asString("");
        if (!metric.equals("http_req_duration") && !metric.equals("vus")) {
          continue;
        }
        JsonNode data = node.path("data");
        long timeMs = time(path, lineNumber, data.path("time"));
        JsonNode value = data.path("value");
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
          throw bad(path, lineNumber, "has a " + metric + " point whose value is not a number");
        }
        first = Math.min(first, timeMs);
        last = Math.max(last, timeMs);
        if (metric.equals("vus")) {
          vusBySecond.merge(Math.floorDiv(timeMs, 1000), (long) value.doubleValue(), Math::max);
          continue;
        }
        JsonNode tags = data.path("tags");
        String method = tags.path("method").asString("");
        String name = tags.path("name").asString(tags.path("url").asString(""));
        if (name.isEmpty()) {
          throw bad(path, lineNumber, "has an http_req_duration point without a name or url tag");
        }
        String label =
            method.isEmpty() || name.startsWith(method + " ") ? name : method + " " + name;
        boolean failed = failed(tags);
        long second = Math.floorDiv(timeMs, 1000);
        all.add(second, value.doubleValue(), failed);
        byRequest.computeIfAbsent(label, Responses::new).add(second, value.doubleValue(), failed);
      }
    } catch (CharacterCodingException e) {
      throw new InputException(
          path, "The k6 result " + path + " is not UTF-8 text after line " + lineNumber + ".", e);
    } catch (IOException | UncheckedIOException e) {
      throw new InputException(
          path, "The k6 result " + path + " cannot be read: " + e.getMessage() + ".", e);
    }
    if (all.count() == 0) {
      throw new InputException(
          path,
          "The k6 result "
              + path
              + " holds no http_req_duration point, so no request to compare (was it written by"
              + " k6 run --out json=FILE?).");
    }
    long firstSecond = Math.floorDiv(first, 1000);
    long lastSecond = Math.floorDiv(last, 1000);
    if (lastSecond - firstSecond > MAX_SECONDS) {
      throw new InputException(
          path,
          "The k6 result "
              + path
              + " spans "
              + Instant.ofEpochMilli(first)
              + " to "
              + Instant.ofEpochMilli(last)
              + ", more than the 31 days Redline reads as one run.");
    }
    long durationSeconds = Math.max(1, (last - first + 999) / 1000);
    b.suite("k6")
        .source("k6")
        .startedAt(Instant.ofEpochMilli(first))
        .endedAt(Instant.ofEpochMilli(last));
    List<Responses> requests = new ArrayList<>(byRequest.values());
    requests.add(all);
    for (Responses r : requests) {
      double[] perSecond = new double[(int) (lastSecond - firstSecond + 1)];
      for (int i = 0; i < perSecond.length; i++) {
        Second s = r.seconds.get(firstSecond + i);
        perSecond[i] = s == null ? 0 : s.ok.size() + s.failed;
        b.window(
            new Window(
                r.name,
                firstSecond + i,
                s == null ? 0 : s.ok.size() + s.failed,
                s == null ? 0 : s.ok.size(),
                s == null ? 0 : s.failed,
                s == null || s.ok.isEmpty()
                    ? Double.NaN
                    : Samples.Distribution.of(s.ok.toArray()).quantile(0.95),
                vusBySecond.getOrDefault(firstSecond + i, 0L)));
      }
      b.measurements(
          RequestMeasurements.of(
              r.name,
              Samples.Distribution.of(r.okMs.toArray()),
              r.failed,
              perSecond,
              (double) r.count() / durationSeconds));
    }
    RequestMeasurements.judge(b, all.count(), all.failed);
    return b;
  }

  /** k6's own rule when it tagged the response, else the status. */
  private static boolean failed(JsonNode tags) {
    String expected = tags.path("expected_response").asString("");
    if (!expected.isEmpty()) {
      return expected.equals("false");
    }
    String status = tags.path("status").asString("0");
    try {
      int code = Integer.parseInt(status);
      return code == 0 || code >= 400;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static JsonNode parse(Path path, int lineNumber, String line) throws InputException {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JacksonException e) {
      throw bad(path, lineNumber, "is not a JSON object (cut short, or not k6 output)");
    }
    if (node == null || !node.isObject()) {
      throw bad(path, lineNumber, "is not a JSON object (cut short, or not k6 output)");
    }
    return node;
  }

  private static long time(Path path, int lineNumber, JsonNode time) throws InputException {
    try {
      return OffsetDateTime.parse(time.asString("")).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw bad(
          path, lineNumber, "has a point without a valid time (got '" + time.asString("") + "')");
    }
  }

  private static InputException bad(Path path, int lineNumber, String problem) {
    return new InputException(
        path, "Line " + lineNumber + " of the k6 result " + path + " " + problem + ".");
  }

  /** One request's responses: OK response times, failures, both per second. */
  private static final class Responses {
    final String name;
    final DoubleList okMs = new DoubleList();
    long failed;
    final Map<Long, Second> seconds = new HashMap<>();

    Responses(String name) {
      this.name = name;
    }

    void add(long second, double ms, boolean isFailed) {
      Second s = seconds.computeIfAbsent(second, k -> new Second());
      if (isFailed) {
        failed++;
        s.failed++;
      } else {
        okMs.add(ms);
        s.ok.add(ms);
      }
    }

    long count() {
      return okMs.size() + failed;
    }
  }

  private static final class Second {
    final DoubleList ok = new DoubleList();
    long failed;
  }

  /** Growable list of doubles: a k6 run has a point per request. */
  private static final class DoubleList {
    double[] values = new double[16];
    int size;

    void add(double v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int size() {
      return size;
    }

    boolean isEmpty() {
      return size == 0;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
