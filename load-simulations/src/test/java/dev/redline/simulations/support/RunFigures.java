package dev.redline.simulations.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes a shaped run's own figures (knee, recovery, drift) as {@code redline-figures.json} into
 * the run's folder, next to its {@code simulation.log}, so they travel with the run.
 */
public final class RunFigures {

  /** File name inside the run folder. */
  public static final String FILE = "redline-figures.json";

  private RunFigures() {}

  /**
   * Writes {@code figures} (numbers, booleans or strings) into the newest run folder of {@code
   * simulation}; the folder is {@code -DresultsDir} (default {@code target/gatling}). Returns the
   * file written, or empty when no run folder exists (e.g. a run without the file writer).
   */
  public static Optional<Path> write(Class<?> simulation, Map<String, Object> figures) {
    Path results = resultsDir();
    String prefix = simulation.getSimpleName().toLowerCase(Locale.ROOT) + "-";
    if (!Files.isDirectory(results)) {
      return Optional.empty();
    }
    try (Stream<Path> runs = Files.list(results)) {
      Optional<Path> newest =
          runs.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith(prefix))
              .max(Comparator.comparing(p -> p.toFile().lastModified()));
      if (newest.isEmpty()) {
        return Optional.empty();
      }
      Path file = newest.get().resolve(FILE);
      Files.writeString(file, toJson(figures), StandardCharsets.UTF_8);
      return Optional.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + FILE + " under " + results, e);
    }
  }

  /**
   * {@code -DresultsDir} (the POM passes Gatling's results folder), else {@code target/gatling}
   * under the module, seen from the module or from the repository root.
   */
  static Path resultsDir() {
    String configured = System.getProperty("resultsDir");
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured);
    }
    Path fromRoot = Paths.get("load-simulations", "target", "gatling");
    return Files.isDirectory(fromRoot) ? fromRoot : Paths.get("target", "gatling");
  }

  static String toJson(Map<String, Object> figures) {
    StringBuilder out = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, Object> e : figures.entrySet()) {
      out.append("  \"").append(escape(e.getKey())).append("\": ");
      Object v = e.getValue();
      if (v instanceof Number || v instanceof Boolean) {
        out.append(v);
      } else {
        out.append('"').append(escape(String.valueOf(v))).append('"');
      }
      out.append(++i < figures.size() ? ",\n" : "\n");
    }
    return out.append("}\n").toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
