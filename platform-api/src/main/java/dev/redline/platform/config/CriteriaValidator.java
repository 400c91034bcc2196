package dev.redline.platform.config;

import dev.redline.platform.system.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a criteria document; plain code without Spring so benchmarks can call it. Field names in
 * errors are the wire (snake_case) names, prefixed when the document is nested.
 */
public final class CriteriaValidator {

  /** Techniques the platform implements; a document may allow a subset. */
  public static final Set<String> KNOWN_TECHNIQUES =
      Set.of("quantization", "pruning", "distillation");

  /** Upper bound for max_latency_ms: one minute per inference is beyond any robot's budget. */
  public static final double MAX_LATENCY_MS = 60_000;

  private static final Pattern DEVICE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  /** Errors of a full document (PUT): every field is required. Empty list when valid. */
  public List<FieldError> validateFull(CriteriaInput in) {
    return validate(in, "", true);
  }

  /** Errors of a partial document (a session's overrides): absent fields are fine. */
  public List<FieldError> validatePartial(CriteriaInput in, String prefix) {
    return validate(in, prefix, false);
  }

  private List<FieldError> validate(CriteriaInput in, String prefix, boolean full) {
    List<FieldError> errors = new ArrayList<>(0);
    if (in == null) {
      if (full) {
        errors.add(new FieldError(prefix.isEmpty() ? "body" : prefix, "is required"));
      }
      return errors;
    }
    percent(errors, prefix + "max_accuracy_loss_percent", in.maxAccuracyLossPercent(), full);
    percent(errors, prefix + "min_size_reduction_percent", in.minSizeReductionPercent(), full);
    Double latency = in.maxLatencyMs();
    String latencyField = prefix + "max_latency_ms";
    if (latency == null) {
      if (full) {
        errors.add(new FieldError(latencyField, "is required"));
      }
    } else if (!(latency > 0 && latency <= MAX_LATENCY_MS)) {
      errors.add(new FieldError(latencyField, "must be > 0 and <= " + (long) MAX_LATENCY_MS));
    }
    techniques(errors, prefix + "allowed_techniques", in.allowedTechniques(), full);
    devices(errors, prefix + "target_devices", in.targetDevices(), full);
    return errors;
  }

  private static void percent(List<FieldError> errors, String field, Double v, boolean required) {
    if (v == null) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
    } else if (!(v >= 0 && v <= 100)) {
      errors.add(new FieldError(field, "must be between 0 and 100 (percent), got " + v));
    }
  }

  /** Checks a technique list; shared with session creation. */
  public static void techniques(
      List<FieldError> errors, String field, List<String> list, boolean required) {
    if (list == null) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return;
    }
    if (list.isEmpty()) {
      errors.add(new FieldError(field, "must not be empty"));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String t = list.get(i);
      if (t == null || !KNOWN_TECHNIQUES.contains(t)) {
        errors.add(
            new FieldError(
                field + "[" + i + "]",
                "unknown technique '" + t + "'; known: quantization, pruning, distillation"));
      } else if (!seen.add(t)) {
        errors.add(new FieldError(field + "[" + i + "]", "duplicate technique '" + t + "'"));
      }
    }
  }

  private static void devices(
      List<FieldError> errors, String field, List<String> list, boolean required) {
    if (list == null) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return;
    }
    if (list.isEmpty()) {
      errors.add(new FieldError(field, "must not be empty"));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String d = list.get(i);
      if (d == null || !DEVICE.matcher(d).matches()) {
        errors.add(
            new FieldError(
                field + "[" + i + "]",
                "must be 1-64 lower-case letters, digits, '.', '_' or '-', got '" + d + "'"));
      } else if (!seen.add(d)) {
        errors.add(new FieldError(field + "[" + i + "]", "duplicate device '" + d + "'"));
      }
    }
  }
}
