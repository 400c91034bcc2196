package dev.redline.checker.model;

import java.util.Locale;

/**
 * Normalises tool units on the way in, so one measurement has one unit: times per operation become
 * {@code ns/op}, rates become {@code ops/s}, allocation stays {@code B/op}.
 */
public final class Units {
  public static final String MS = "ms";
  public static final String REQ_PER_S = "req/s";
  public static final String PERCENT = "%";
  public static final String NS_PER_OP = "ns/op";
  public static final String OPS_PER_S = "ops/s";
  public static final String BYTES_PER_OP = "B/op";

  /** Service time from histogram buckets: microseconds (no whole-millisecond step to offset). */
  public static final String US = "us";

  public static final String US_PER_REQ = "us/req";
  public static final String BYTES_PER_REQ = "B/req";
  public static final String STATEMENTS_PER_REQ = "stmt/req";

  private Units() {}

  /**
   * What the tests add to every value of {@code unit} before taking ratios: half of Gatling's
   * whole-millisecond step for ms (a 1 ms response is 0.5..1.5 ms), one statement for SQL
   * statements per request (a cached route runs none: 0 to 1 is a regression of +100%, not a
   * division by zero); 0 for the rest, which are never 0.
   */
  public static double ratioOffset(String unit) {
    return switch (unit) {
      case MS -> 0.5;
      case STATEMENTS_PER_REQ -> 1;
      default -> 0;
    };
  }

  /** A value in a canonical unit with that unit's direction. */
  public record Normalised(double value, String unit, Direction direction) {}

  /**
   * Converts a JMH score unit ({@code ns/op, us/op, ms/op, s/op, ops/ns, ops/us, ops/ms, ops/s,
   * B/op}) into the canonical unit.
   *
   * @throws IllegalArgumentException naming the unit when it is not one of those
   */
  public static Normalised normalise(double value, String unit) {
    String u = unit.trim().toLowerCase(Locale.ROOT).replace('µ', 'u');
    return switch (u) {
      case "ns/op" -> new Normalised(value, NS_PER_OP, Direction.LOWER_IS_BETTER);
      case "us/op" -> new Normalised(value * 1e3, NS_PER_OP, Direction.LOWER_IS_BETTER);
      case "ms/op" -> new Normalised(value * 1e6, NS_PER_OP, Direction.LOWER_IS_BETTER);
      case "s/op" -> new Normalised(value * 1e9, NS_PER_OP, Direction.LOWER_IS_BETTER);
      case "ops/ns" -> new Normalised(value * 1e9, OPS_PER_S, Direction.HIGHER_IS_BETTER);
      case "ops/us" -> new Normalised(value * 1e6, OPS_PER_S, Direction.HIGHER_IS_BETTER);
      case "ops/ms" -> new Normalised(value * 1e3, OPS_PER_S, Direction.HIGHER_IS_BETTER);
      case "ops/s" -> new Normalised(value, OPS_PER_S, Direction.HIGHER_IS_BETTER);
      case "b/op" -> new Normalised(value, BYTES_PER_OP, Direction.LOWER_IS_BETTER);
      default -> throw new IllegalArgumentException("unknown unit '" + unit + "'");
    };
  }

  /** The factor that converts a value in {@code unit} into its canonical unit. */
  public static double factor(String unit) {
    return normalise(1.0, unit).value();
  }
}
