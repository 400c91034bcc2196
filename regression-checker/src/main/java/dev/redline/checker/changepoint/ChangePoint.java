package dev.redline.checker.changepoint;

import dev.redline.checker.model.Direction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A shift in one measurement's nightly series.
 *
 * @param id stable id ({@code cp-} and 8 hex digits) of the series and the first night after the
 *     shift; what {@code redline history --ack} takes
 * @param suite suite of the series
 * @param profile profile of the series
 * @param branch branch of the series
 * @param machine machine fingerprint of the first night after the shift
 * @param measurement the measurement's key ({@code GET /dashboard/stats p95})
 * @param unit the measurement's unit
 * @param direction which way is better
 * @param before geometric mean of the nights since the previous change point, in {@code unit}
 * @param after geometric mean of the nights up to the next change point
 * @param pValue the permutation test's p-value (confidence is {@code 1 - pValue})
 * @param lastBefore the last night before the shift (its commit starts the commit range)
 * @param firstAfter the first night after it (its commit ends the range)
 * @param environment environment changes on the same night (or one night either side): the shift is
 *     theirs, not the commits'
 * @param nearby run ids of the nights within two of the shift: a stored change point of the same
 *     series at one of them is this one, found again a night or two off
 * @param acknowledged accepted as the new normal (not reported any more)
 * @param reason why it was acknowledged, or empty
 */
public record ChangePoint(
    String id,
    String suite,
    String profile,
    String branch,
    String machine,
    String measurement,
    String unit,
    Direction direction,
    double before,
    double after,
    double pValue,
    Night lastBefore,
    Night firstAfter,
    List<EnvironmentChange> environment,
    Set<String> nearby,
    boolean acknowledged,
    String reason) {

  public ChangePoint {
    environment = List.copyOf(environment);
    nearby = Set.copyOf(nearby);
    reason = reason == null ? "" : reason;
  }

  /** The shift in percent of {@code before}. */
  public double changePct() {
    return (after / before - 1) * 100;
  }

  /** True when the shift is in the bad direction of the measurement. */
  public boolean worse() {
    return direction == Direction.LOWER_IS_BETTER ? after > before : after < before;
  }

  /** {@code environment} when an environment change explains it, else {@code code}. */
  public String cause() {
    return environment.isEmpty() ? "code" : "environment";
  }

  /** The same change point under another id and acknowledgement (what the log knows of it). */
  public ChangePoint as(String knownId, boolean ack, String why) {
    return new ChangePoint(
        knownId,
        suite,
        profile,
        branch,
        machine,
        measurement,
        unit,
        direction,
        before,
        after,
        pValue,
        lastBefore,
        firstAfter,
        environment,
        nearby,
        ack,
        why);
  }

  /** The series a change point belongs to: suite, profile, branch and measurement. */
  public String seriesKey() {
    return seriesKey(suite, profile, branch, measurement);
  }

  static String seriesKey(String suite, String profile, String branch, String measurement) {
    return suite + "\u0000" + profile + "\u0000" + branch + "\u0000" + measurement;
  }

  /** {@code cp-} and 8 hex digits of SHA-256 over the series and the first run after the shift. */
  static String idOf(String seriesKey, String firstAfterRunId) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((seriesKey + "\u0000" + firstAfterRunId).getBytes(StandardCharsets.UTF_8));
      return "cp-" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
