package dev.redline.checker.store;

import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Window;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run file format ({@code redline-run/1}): one JSON object per run. A response-time
 * distribution shared by several measurements of one request (mean, p50..p99) is written once under
 * {@code distributions} and referenced by index, so a file stays small (distinct millisecond values
 * only).
 */
public final class RunJson {
  public static final String FORMAT = "redline-run/1";
  private static final JsonMapper MAPPER = JsonMapper.shared();

  private RunJson() {}

  public static void write(Run run, OutputStream out) throws IOException {
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      writeRun(g, run);
    } catch (JacksonException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void writeRun(JsonGenerator g, Run run) {
    {
      // One block kept from the try-with-resources it came from (a smaller diff).
      g.writeStartObject();
      g.writeStringProperty("format", FORMAT);
      g.writeStringProperty("id", run.id());
      g.writeStringProperty("suite", run.suite());
      g.writeStringProperty("profile", run.profile());
      g.writeStringProperty("source", run.source());
      g.writeStringProperty("commit", run.commit());
      g.writeStringProperty("branch", run.branch());
      g.writeStringProperty("jdk", run.jdk());
      g.writeStringProperty("machine", run.machine());
      g.writeStringProperty("startedAt", run.startedAt().toString());
      g.writeStringProperty("endedAt", run.endedAt().toString());
      g.writeBooleanProperty("valid", run.valid());
      g.writeStringProperty("invalidReason", run.invalidReason());
      writeMap(g, "toolVersions", run.toolVersions());
      writeMap(g, "provenance", run.provenance());

      Map<Samples.Distribution, Integer> shared = new IdentityHashMap<>();
      List<Samples.Distribution> order = new ArrayList<>();
      for (Measurement m : run.measurements()) {
        if (m.samples() instanceof Samples.Distribution d && !shared.containsKey(d)) {
          shared.put(d, order.size());
          order.add(d);
        }
      }
      g.writeArrayPropertyStart("distributions");
      for (Samples.Distribution d : order) {
        g.writeStartObject();
        g.writeName("values");
        g.writeArray(d.values(), 0, d.values().length);
        g.writeName("counts");
        g.writeArray(d.counts(), 0, d.counts().length);
        g.writeEndObject();
      }
      g.writeEndArray();

      g.writeArrayPropertyStart("measurements");
      for (Measurement m : run.measurements()) {
        g.writeStartObject();
        g.writeStringProperty("name", m.name());
        g.writeStringProperty("metric", m.metric().id());
        g.writeStringProperty("unit", m.unit());
        g.writeStringProperty("direction", m.direction().name());
        writeNumber(g, "value", m.value());
        writeMap(g, "tags", m.tags());
        g.writeObjectPropertyStart("samples");
        if (m.samples() instanceof Samples.Distribution d) {
          g.writeStringProperty("kind", "distribution");
          g.writeNumberProperty("ref", shared.get(d));
        } else if (m.samples() instanceof Samples.Observations o) {
          g.writeStringProperty("kind", "observations");
          g.writeName("values");
          g.writeArray(o.values(), 0, o.values().length);
        } else if (m.samples() instanceof Samples.Proportion p) {
          g.writeStringProperty("kind", "proportion");
          g.writeNumberProperty("events", p.events());
          g.writeNumberProperty("trials", p.trials());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();

      g.writeArrayPropertyStart("windows");
      for (Window w : run.windows()) {
        g.writeStartObject();
        g.writeStringProperty("request", w.request());
        g.writeNumberProperty("t", w.epochSecond());
        g.writeNumberProperty("requests", w.requests());
        g.writeNumberProperty("ok", w.ok());
        g.writeNumberProperty("ko", w.ko());
        writeNumber(g, "p95Ms", w.p95Ms());
        g.writeNumberProperty("activeUsers", w.activeUsers());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /**
   * Reads a run file.
   *
   * @throws IOException when it is not JSON, not a {@code redline-run/1} file, or misses a field
   */
  public static Run read(InputStream in) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JacksonException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new IOException("it is not a " + FORMAT + " file");
    }
    List<Samples.Distribution> dists = new ArrayList<>();
    for (JsonNode d : root.path("distributions")) {
      JsonNode vs = d.path("values");
      JsonNode cs = d.path("counts");
      double[] values = new double[vs.size()];
      long[] counts = new long[cs.size()];
      long n = 0;
      for (int i = 0; i < values.length; i++) {
        values[i] = asDouble(vs.get(i));
        counts[i] = cs.get(i).asLong();
        n += counts[i];
      }
      dists.add(new Samples.Distribution(values, counts, n));
    }
    Run.Builder b =
        Run.builder()
            .id(text(root, "id"))
            .suite(text(root, "suite"))
            .profile(text(root, "profile"))
            .source(text(root, "source"))
            .commit(text(root, "commit"))
            .branch(text(root, "branch"))
            .jdk(text(root, "jdk"))
            .machine(text(root, "machine"))
            .startedAt(Instant.parse(text(root, "startedAt")))
            .endedAt(Instant.parse(text(root, "endedAt")))
            .valid(root.path("valid").asBoolean(true), root.path("invalidReason").asText(""));
    readMap(root.path("toolVersions")).forEach(b::toolVersion);
    readMap(root.path("provenance")).forEach(b::provenance);
    for (JsonNode m : root.path("measurements")) {
      JsonNode s = m.path("samples");
      Samples samples =
          switch (s.path("kind").asText()) {
            case "distribution" -> dists.get(s.path("ref").asInt());
            case "observations" -> new Samples.Observations(doubles(s.path("values")));
            case "proportion" ->
                new Samples.Proportion(s.path("events").asLong(), s.path("trials").asLong());
            default ->
                throw new IOException("unknown samples kind '" + s.path("kind").asText() + "'");
          };
      b.measurement(
          new Measurement(
              text(m, "name"),
              Metric.fromId(text(m, "metric")),
              text(m, "unit"),
              Direction.valueOf(text(m, "direction")),
              number(m.path("value")),
              samples,
              readMap(m.path("tags"))));
    }
    for (JsonNode w : root.path("windows")) {
      b.window(
          new Window(
              text(w, "request"),
              w.path("t").asLong(),
              w.path("requests").asLong(),
              w.path("ok").asLong(),
              w.path("ko").asLong(),
              number(w.path("p95Ms")),
              w.path("activeUsers").asLong()));
    }
    return b.build();
  }

  /** Verdict files ({@code redline-verdicts/1}): the comparison of one current run. */
  public static void writeVerdicts(Run current, List<Verdict> verdicts, OutputStream out)
      throws IOException {
    try (JsonGenerator g = MAPPER.writerWithDefaultPrettyPrinter().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringProperty("format", "redline-verdicts/1");
      g.writeStringProperty("runId", current.id());
      g.writeStringProperty("branch", current.branch());
      g.writeStringProperty("commit", current.commit());
      g.writeArrayPropertyStart("verdicts");
      for (Verdict v : verdicts) {
        g.writeStartObject();
        g.writeStringProperty("measurement", v.key());
        g.writeStringProperty("status", v.status().label());
        writeNumber(g, "baseline", v.baseline());
        writeNumber(g, "current", v.current());
        writeNumber(g, "change_pct", v.changePct());
        writeNumber(g, "ci_low_pct", v.ciLowPct());
        writeNumber(g, "ci_high_pct", v.ciHighPct());
        writeNumber(g, "p_value", v.pValue());
        writeNumber(g, "threshold_pct", v.thresholdPct());
        g.writeStringProperty("unit", v.unit());
        g.writeStringProperty("method", v.method());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (JacksonException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void writeMap(JsonGenerator g, String field, Map<String, String> map) {
    g.writeObjectPropertyStart(field);
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeStringProperty(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** JSON has no NaN: write null, read back NaN. */
  private static void writeNumber(JsonGenerator g, String field, double v) {
    if (Double.isFinite(v)) {
      g.writeNumberProperty(field, v);
    } else {
      g.writeNullProperty(field);
    }
  }

  /**
   * A number, or one the generator wrote as a string ({@code "NaN"}, {@code "Infinity"}: JSON has
   * neither); other text reads as 0, as Jackson 2 read it when these files were first written.
   */
  private static double asDouble(JsonNode n) {
    if (n.isString()) {
      try {
        return Double.parseDouble(n.stringValue());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return n.asDouble(0);
  }

  private static double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : Double.NaN;
  }

  private static String text(JsonNode node, String field) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IOException("field '" + field + "' is missing");
    }
    return v.asText();
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = asDouble(array.get(i));
    }
    return out;
  }

  private static Map<String, String> readMap(JsonNode obj) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
