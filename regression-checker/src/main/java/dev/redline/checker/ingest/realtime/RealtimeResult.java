package dev.redline.checker.ingest.realtime;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.ingest.service.ServiceMetrics;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WebSocket measurements from the platform's load client ({@code RealtimeLoad --result FILE}): one
 * histogram per measurement ({@code WS /ws connect}: connect call to the {@code 101}; {@code WS /ws
 * delivery}: an event's {@code emitted_at} to its receipt), one line per distinct value, {@code
 * name<TAB>milliseconds<TAB>count}, {@code #} lines are comments. Each becomes mean, p50, p95 and
 * p99 in ms with the whole histogram as its samples, like a Gatling request.
 *
 * <p>In a run folder the file is {@value #FOLDER}/{@value #FILE}; it is added to that run's
 * measurements (the harness writes it next to the Gatling run it belongs to).
 */
public final class RealtimeResult {

  public static final String FOLDER = "realtime";
  public static final String FILE = "result.tsv";

  private static final Metric[] METRICS = {Metric.MEAN, Metric.P50, Metric.P95, Metric.P99};

  private RealtimeResult() {}

  /** True when {@code runFolder} holds a result file. */
  public static boolean present(Path runFolder) {
    return Files.exists(runFolder.resolve(FOLDER).resolve(FILE));
  }

  /** The service's scrapes at the start and end of the /ws window, beside the result file. */
  public static final String START = "start.prom";

  public static final String END = "end.prom";

  /**
   * The measurements of the result file in {@code runFolder}, and the service's own delivery time
   * ({@link ServiceMetrics#wsDelivery}) when the window's two scrapes are there too.
   */
  public static List<Measurement> readFolder(Path runFolder) throws InputException {
    Path dir = runFolder.resolve(FOLDER);
    List<Measurement> out = new ArrayList<>(read(dir.resolve(FILE)));
    if (Files.exists(dir.resolve(START)) && Files.exists(dir.resolve(END))) {
      out.addAll(ServiceMetrics.wsDelivery(dir.resolve(START), dir.resolve(END)));
    }
    return out;
  }

  /** The measurements of one result file. */
  public static List<Measurement> read(Path file) throws InputException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new InputException(file, "The WebSocket result " + file + " is not UTF-8 text.");
    } catch (IOException | UncheckedIOException e) {
      throw new InputException(file, "The WebSocket result " + file + " cannot be read: " + e, e);
    }
    Map<String, Samples.Distribution> byName = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 3 || f[0].isBlank()) {
        throw bad(file, i, "has " + f.length + " tab-separated fields, expected name, ms, count");
      }
      double ms;
      long count;
      try {
        ms = Double.parseDouble(f[1]);
        count = Long.parseLong(f[2]);
      } catch (NumberFormatException e) {
        throw bad(file, i, "has '" + f[1] + "' ms and '" + f[2] + "' count, expected numbers");
      }
      if (!(ms >= 0) || Double.isInfinite(ms) || count <= 0) {
        throw bad(file, i, "needs ms >= 0 and count > 0, got " + f[1] + " and " + f[2]);
      }
      Samples.Distribution one =
          new Samples.Distribution(new double[] {ms}, new long[] {count}, count);
      byName.merge(f[0], one, Samples.Distribution::merge);
    }
    if (byName.isEmpty()) {
      throw new InputException(file, "The WebSocket result " + file + " holds no measurement.");
    }
    List<Measurement> out = new ArrayList<>();
    for (Map.Entry<String, Samples.Distribution> e : byName.entrySet()) {
      Samples.Distribution d = e.getValue();
      Map<String, String> tags = Map.of("request", e.getKey(), "source", "websocket");
      for (Metric m : METRICS) {
        double value = m == Metric.MEAN ? d.mean() : d.quantile(m.quantile());
        out.add(
            new Measurement(e.getKey(), m, Units.MS, Direction.LOWER_IS_BETTER, value, d, tags));
      }
    }
    return out;
  }

  private static InputException bad(Path file, int index, String problem) {
    return new InputException(
        file, "Line " + (index + 1) + " of the WebSocket result " + file + " " + problem + ".");
  }
}
