package dev.redline.checker.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One execution of a suite: who ran what where, and its measurements. Immutable; build with {@link
 * #builder()}.
 *
 * @param id unique, sortable by time: {@code 20250101T120000Z-mixed-1a2b3c4d}
 * @param suite Gatling simulation name or JMH suite name ({@code jmh})
 * @param profile load profile ({@code load, stress, spike, soak, pr, quick, full}); {@code default}
 *     when unknown
 * @param source {@code gatling} or {@code jmh}
 * @param commit git commit hash, or {@code unknown}
 * @param branch git branch, or {@code unknown}
 * @param jdk JDK vendor and version of the measured JVM, compared across runs
 * @param machine machine fingerprint (host, CPU model and count, OS), compared across runs
 * @param startedAt start of the measurement
 * @param endedAt end of the measurement
 * @param valid whether the run may serve as a history baseline
 * @param invalidReason why not, or empty
 * @param toolVersions tool name to version, for example {@code gatling -> 3.15.1}
 * @param provenance everything else detected: JVM flags, OS, CPU model and count, inputs read
 * @param measurements one per name and metric
 * @param windows per-second windows (Gatling only; may be empty)
 */
public record Run(
    String id,
    String suite,
    String profile,
    String source,
    String commit,
    String branch,
    String jdk,
    String machine,
    Instant startedAt,
    Instant endedAt,
    boolean valid,
    String invalidReason,
    Map<String, String> toolVersions,
    Map<String, String> provenance,
    List<Measurement> measurements,
    List<Window> windows) {

  public Run {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(suite, "suite");
    profile = profile == null ? "default" : profile;
    source = source == null ? "unknown" : source;
    commit = commit == null ? "unknown" : commit;
    branch = branch == null ? "unknown" : branch;
    jdk = jdk == null ? "unknown" : jdk;
    machine = machine == null ? "unknown" : machine;
    Objects.requireNonNull(startedAt, "startedAt");
    endedAt = endedAt == null ? startedAt : endedAt;
    invalidReason = invalidReason == null ? "" : invalidReason;
    toolVersions = Map.copyOf(toolVersions == null ? Map.of() : toolVersions);
    provenance = Map.copyOf(provenance == null ? Map.of() : provenance);
    measurements = List.copyOf(measurements == null ? List.of() : measurements);
    windows = List.copyOf(windows == null ? List.of() : windows);
  }

  /** The measurement with this key ({@link Measurement#key()}), if the run has it. */
  public Optional<Measurement> measurement(String key) {
    for (Measurement m : measurements) {
      if (m.key().equals(key)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Measurements by key, in the run's order. */
  public Map<String, Measurement> measurementsByKey() {
    Map<String, Measurement> byKey = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      byKey.put(m.key(), m);
    }
    return byKey;
  }

  /** A copy with another validity, for marking a run bad after the fact. */
  public Run withValidity(boolean newValid, String reason) {
    return new Run(
        id,
        suite,
        profile,
        source,
        commit,
        branch,
        jdk,
        machine,
        startedAt,
        endedAt,
        newValid,
        reason,
        toolVersions,
        provenance,
        measurements,
        windows);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder; {@link #build()} checks the required fields. */
  public static final class Builder {
    private String id;
    private String suite;
    private String profile;
    private String source;
    private String commit;
    private String branch;
    private String jdk;
    private String machine;
    private Instant startedAt;
    private Instant endedAt;
    private boolean valid = true;
    private String invalidReason = "";
    private final Map<String, String> toolVersions = new LinkedHashMap<>();
    private final Map<String, String> provenance = new LinkedHashMap<>();
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder suite(String v) {
      suite = v;
      return this;
    }

    public Builder profile(String v) {
      profile = v;
      return this;
    }

    /** The profile set so far, null when none. */
    public String profile() {
      return profile;
    }

    public Builder source(String v) {
      source = v;
      return this;
    }

    public Builder commit(String v) {
      commit = v;
      return this;
    }

    public Builder branch(String v) {
      branch = v;
      return this;
    }

    public Builder jdk(String v) {
      jdk = v;
      return this;
    }

    public Builder machine(String v) {
      machine = v;
      return this;
    }

    public Builder startedAt(Instant v) {
      startedAt = v;
      return this;
    }

    public Builder endedAt(Instant v) {
      endedAt = v;
      return this;
    }

    public Builder valid(boolean v, String reason) {
      valid = v;
      invalidReason = reason;
      return this;
    }

    public Builder toolVersion(String tool, String version) {
      if (version != null) {
        toolVersions.put(tool, version);
      }
      return this;
    }

    public Builder provenance(String key, String value) {
      if (value != null) {
        provenance.put(key, value);
      }
      return this;
    }

    public Builder measurement(Measurement m) {
      measurements.add(m);
      return this;
    }

    public Builder measurements(List<Measurement> ms) {
      measurements.addAll(ms);
      return this;
    }

    public Builder window(Window w) {
      windows.add(w);
      return this;
    }

    public Builder windows(List<Window> ws) {
      windows.addAll(ws);
      return this;
    }

    /** Builds; without an id, derives one from the start time, suite and a content hash. */
    public Run build() {
      Objects.requireNonNull(suite, "suite");
      Instant start = startedAt == null ? Instant.now() : startedAt;
      String runId = id != null ? id : RunIds.newId(start, suite, measurements);
      return new Run(
          runId,
          suite,
          profile,
          source,
          commit,
          branch,
          jdk,
          machine,
          start,
          endedAt,
          valid,
          invalidReason,
          toolVersions,
          provenance,
          measurements,
          windows);
    }
  }
}
