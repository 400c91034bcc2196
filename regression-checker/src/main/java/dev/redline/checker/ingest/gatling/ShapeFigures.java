package dev.redline.checker.ingest.gatling;

import dev.redline.checker.ingest.InputException;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The headline figure of a shaped run (stress, spike, soak), from the {@value #FILE} the simulation
 * writes into its run folder, as a measurement of its own kind: the capacity knee (req/s, higher is
 * better), the time to recover after a spike (s, lower is better), the soak's p95 drift (%, lower
 * is better). History and the gate compare them like any other measurement.
 */
public final class ShapeFigures {
  public static final String FILE = "redline-figures.json";

  /** The request the soak makes to fail on drift: a verdict, not an endpoint. */
  public static final String SOAK_VERDICT_REQUEST = "soak p95 drift verdict";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private ShapeFigures() {}

  /** The figures of {@code runFolder}, none when it has no {@value #FILE}. */
  public static List<Measurement> read(Path runFolder) throws InputException {
    Path file = runFolder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException | JacksonException e) {
      throw new InputException(file, "Cannot read " + file + ": " + e.getMessage());
    }
    String shape = root.path("shape").asText("");
    List<Measurement> out = new ArrayList<>();
    switch (shape) {
      case "stress" -> {
        // No knee when the injector saturated first (the simulation then writes none): the rate
        // it reached is the injector's, not the platform's.
        if (root.path("knee_rps").isNumber()
            && root.path("knee_rps").asDouble() > 0
            && !root.has("injector_saturated_rps")) {
          out.add(
              figure(
                  "stress knee",
                  Metric.KNEE,
                  Units.REQ_PER_S,
                  Direction.HIGHER_IS_BETTER,
                  root.path("knee_rps").asDouble()));
        }
      }
      case "spike" -> {
        if (root.path("recovery_seconds").isNumber()
            && root.path("recovery_seconds").asDouble() >= 0) {
          out.add(
              figure(
                  "spike recovery",
                  Metric.RECOVERY,
                  "s",
                  Direction.LOWER_IS_BETTER,
                  root.path("recovery_seconds").asDouble()));
        }
      }
      case "soak" -> {
        if (root.path("change_percent").isNumber()) {
          out.add(
              figure(
                  "soak p95 drift",
                  Metric.DRIFT,
                  Units.PERCENT,
                  Direction.LOWER_IS_BETTER,
                  root.path("change_percent").asDouble()));
        }
      }
      default -> {
        // not a shaped run's file
      }
    }
    return out;
  }

  /**
   * The shaped run's one-sentence headline ({@code CAPACITY KNEE: ...}, or that the injector
   * saturated first), empty when the folder has none or it cannot be read.
   */
  public static java.util.Optional<String> headline(Path runFolder) {
    Path file = runFolder.resolve(FILE);
    try {
      String summary =
          Files.isRegularFile(file)
              ? JSON.readTree(Files.readAllBytes(file)).path("summary").asText("")
              : "";
      return summary.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(summary);
    } catch (IOException | JacksonException e) {
      return java.util.Optional.empty();
    }
  }

  private static Measurement figure(
      String name, Metric metric, String unit, Direction direction, double value) {
    return new Measurement(
        name,
        metric,
        unit,
        direction,
        value,
        new Samples.Observations(new double[] {value}),
        Map.of("request", name, "source", "shape"));
  }
}
