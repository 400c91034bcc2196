package dev.redline.platform.model;

import dev.redline.platform.system.FieldError;
import dev.redline.platform.system.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** POST /models body; boxed so missing fields are reported by name. */
public record ModelInput(
    String name, String framework, Double sizeMb, Long parameterCount, String targetDevice) {

  public static final Set<String> FRAMEWORKS =
      Set.of("pytorch", "tensorflow", "onnx", "jax", "tflite");

  private static final Pattern DEVICE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  /** Errors by wire field name; empty when valid. Sizes: 0 < size_mb <= 1,000,000 (1 TB). */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>(0);
    if (name == null || name.isBlank()) {
      errors.add(new FieldError("name", "is required"));
    } else if (name.length() > 200) {
      errors.add(new FieldError("name", "must be at most 200 characters"));
    } else if (Text.unstorable(name) != null) {
      errors.add(new FieldError("name", Text.unstorable(name)));
    }
    if (framework == null) {
      errors.add(new FieldError("framework", "is required"));
    } else if (!FRAMEWORKS.contains(framework)) {
      errors.add(
          new FieldError(
              "framework",
              "unknown framework '" + framework + "'; known: " + String.join(", ", FRAMEWORKS)));
    }
    if (sizeMb == null) {
      errors.add(new FieldError("size_mb", "is required"));
    } else if (!(sizeMb > 0 && sizeMb <= 1_000_000)) {
      errors.add(new FieldError("size_mb", "must be > 0 and <= 1000000 (MB)"));
    }
    if (parameterCount == null) {
      errors.add(new FieldError("parameter_count", "is required"));
    } else if (parameterCount <= 0) {
      errors.add(new FieldError("parameter_count", "must be > 0"));
    }
    if (targetDevice == null) {
      errors.add(new FieldError("target_device", "is required"));
    } else if (!DEVICE.matcher(targetDevice).matches()) {
      errors.add(
          new FieldError(
              "target_device", "must be 1-64 lower-case letters, digits, '.', '_' or '-'"));
    }
    return errors;
  }
}
