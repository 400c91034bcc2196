package dev.redline.checker.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run file format ({@code redline-run/1}): one JSON object per run. A response-time
 * distribution shared by several measurements of one request (mean, p50..p99) is written once under
 * {@code distributions} and referenced by index, so a file stays small (distinct millisecond values
 * only).
 */
public final class RunJson {
  public static final String FORMAT = "redline-run/1";
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private RunJson() {}

  public static void write(Run run, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeStringField("id", run.id());
      g.writeStringField("suite", run.suite());
      g.writeStringField("profile", run.profile());
      g.writeStringField("source", run.source());
      g.writeStringField("commit", run.commit());
      g.writeStringField("branch", run.branch());
      g.writeStringField("jdk", run.jdk());
      g.writeStringField("machine", run.machine());
      g.writeStringField("startedAt", run.startedAt().toString());
      g.writeStringField("endedAt", run.endedAt().toString());
      g.writeBooleanField("valid", run.valid());
      g.writeStringField("invalidReason", run.invalidReason());
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
      g.writeArrayFieldStart("distributions");
      for (Samples.Distribution d : order) {
        g.writeStartObject();
        g.writeFieldName("values");
        g.writeArray(d.values(), 0, d.values().length);
        g.writeFieldName("counts");
        g.writeArray(d.counts(), 0, d.counts().length);
        g.writeEndObject();
      }
      g.writeEndArray();

      g.writeArrayFieldStart("measurements");
      for (Measurement m : run.measurements()) {
        g.writeStartObject();
        g.writeStringField("name", m.name());
        g.writeStringField("metric", m.metric().id());
        g.writeStringField("unit", m.unit());
        g.writeStringField("direction", m.direction().name());
        writeNumber(g, "value", m.value());
        writeMap(g, "tags", m.tags());
        g.writeObjectFieldStart("samples");
        if (m.samples() instanceof Samples.Distribution d) {
          g.writeStringField("kind", "distribution");
          g.writeNumberField("ref", shared.get(d));
        } else if (m.samples() instanceof Samples.Observations o) {
          g.writeStringField("kind", "observations");
          g.writeFieldName("values");
          g.writeArray(o.values(), 0, o.values().length);
        } else if (m.samples() instanceof Samples.Proportion p) {
          g.writeStringField("kind", "proportion");
          g.writeNumberField("events", p.events());
          g.writeNumberField("trials", p.trials());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();

      g.writeArrayFieldStart("windows");
      for (Window w : run.windows()) {
        g.writeStartObject();
        g.writeStringField("request", w.request());
        g.writeNumberField("t", w.epochSecond());
        g.writeNumberField("requests", w.requests());
        g.writeNumberField("ok", w.ok());
        g.writeNumberField("ko", w.ko());
        writeNumber(g, "p95Ms", w.p95Ms());
        g.writeNumberField("activeUsers", w.activeUsers());
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
    JsonNode root = MAPPER.readTree(in);
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
        values[i] = vs.get(i).asDouble();
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
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", "redline-verdicts/1");
      g.writeStringField("runId", current.id());
      g.writeStringField("branch", current.branch());
      g.writeStringField("commit", current.commit());
      g.writeArrayFieldStart("verdicts");
      for (Verdict v : verdicts) {
        g.writeStartObject();
        g.writeStringField("measurement", v.key());
        g.writeStringField("status", v.status().label());
        writeNumber(g, "baseline", v.baseline());
        writeNumber(g, "current", v.current());
        writeNumber(g, "change_pct", v.changePct());
        writeNumber(g, "ci_low_pct", v.ciLowPct());
        writeNumber(g, "ci_high_pct", v.ciHighPct());
        writeNumber(g, "p_value", v.pValue());
        writeNumber(g, "threshold_pct", v.thresholdPct());
        g.writeStringField("unit", v.unit());
        g.writeStringField("method", v.method());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void writeMap(JsonGenerator g, String field, Map<String, String> map)
      throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** JSON has no NaN: write null, read back NaN. */
  private static void writeNumber(JsonGenerator g, String field, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumberField(field, v);
    } else {
      g.writeNullField(field);
    }
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
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private static Map<String, String> readMap(JsonNode obj) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
