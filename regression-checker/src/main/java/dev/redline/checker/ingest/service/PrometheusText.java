package dev.redline.checker.ingest.service;

import dev.redline.checker.ingest.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a scrape in the Prometheus text exposition format (version 0.0.4, what Spring Boot's {@code
 * /actuator/prometheus} answers): one sample a line, {@code name{label="value",...} value
 * [timestamp]}; {@code #} lines are comments and metadata. Our own reader because no maintained
 * Java library parses this format (the Prometheus Java client only writes it); it is small and
 * strict: a line it cannot read is an error naming the file and line.
 */
public final class PrometheusText {

  /** One sample: metric name, labels in their order, value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** Largest scrape read (a service with many routes stays far below). */
  static final long MAX_BYTES = 64L << 20;

  private PrometheusText() {}

  /** Every sample of the scrape in {@code file}. */
  public static List<Sample> read(Path file) throws InputException {
    try {
      if (!Files.isRegularFile(file)) {
        throw new InputException(file, "The metrics scrape " + file + " is not a regular file.");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new InputException(
            file, "The metrics scrape " + file + " is larger than " + (MAX_BYTES >> 20) + " MiB.");
      }
      List<Sample> out = new ArrayList<>();
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
          n++;
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          try {
            out.add(parse(line));
          } catch (IllegalArgumentException e) {
            throw new InputException(
                file,
                "The metrics scrape "
                    + file
                    + " has an unreadable line "
                    + n
                    + ": "
                    + e.getMessage()
                    + ".");
          }
        }
      }
      if (out.isEmpty()) {
        throw new InputException(file, "The metrics scrape " + file + " holds no samples.");
      }
      return out;
    } catch (IOException e) {
      throw new InputException(
          file, "The metrics scrape " + file + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  /** One sample line. */
  static Sample parse(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("no metric name");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (i < n && line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0 || eq + 1 >= n || line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("a label without =\"value\"");
        }
        String key = line.substring(i, eq).trim();
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; j < n && line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\' && j + 1 < n) {
            char e = line.charAt(++j);
            value.append(e == 'n' ? '\n' : e);
          } else {
            value.append(c);
          }
        }
        if (j >= n) {
          throw new IllegalArgumentException("an unterminated label value");
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (i < n && line.charAt(i) == ',') {
          i++;
        }
      }
      if (i >= n) {
        throw new IllegalArgumentException("labels without a closing }");
      }
      i++;
    }
    String[] rest = line.substring(i).trim().split(" +");
    if (rest.length == 0 || rest[0].isEmpty()) {
      throw new IllegalArgumentException("no value");
    }
    return new Sample(name, labels, value(rest[0]));
  }

  private static double value(String s) {
    return switch (s) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("the value '" + s + "' is not a number");
        }
      }
    };
  }
}
