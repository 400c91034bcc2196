package dev.redline.checker.changepoint;

/**
 * Something other than the code changed between two consecutive nights of a series: the JDK, the
 * kernel, the CPU model or the runner image. Shown apart from code changes, and a change point on
 * the same night is blamed on it instead of on the commits.
 *
 * @param suite suite of the series
 * @param profile profile of the series
 * @param branch branch of the series
 * @param machine machine fingerprint of the night after
 * @param kind {@code jdk}, {@code kernel}, {@code cpu} or {@code image}
 * @param from the value the night before
 * @param to the value the night after
 * @param before the last night before the change
 * @param after the first night after it
 */
public record EnvironmentChange(
    String suite,
    String profile,
    String branch,
    String machine,
    String kind,
    String from,
    String to,
    Night before,
    Night after) {

  /** One phrase: {@code JDK 17.0.15 -> 17.0.16}. */
  public String describe() {
    String what =
        switch (kind) {
          case "jdk" -> "JDK";
          case "kernel" -> "kernel";
          case "cpu" -> "CPU model";
          case "image" -> "runner image";
          default -> kind;
        };
    return what + " " + from + " -> " + to;
  }
}
