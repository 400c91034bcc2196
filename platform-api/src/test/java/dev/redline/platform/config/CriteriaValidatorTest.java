package dev.redline.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.platform.system.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriteriaValidatorTest {

  private final CriteriaValidator validator = new CriteriaValidator();

  private static CriteriaInput valid() {
    return new CriteriaInput(
        2.0, 30.0, 50.0, List.of("quantization", "pruning"), List.of("x86-cpu"));
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void acceptsAValidDocument() {
    assertThat(validator.validateFull(valid())).isEmpty();
  }

  @Test
  void namesANegativePercentage() {
    var in = new CriteriaInput(-0.5, 30.0, 50.0, List.of("pruning"), List.of("x86-cpu"));
    assertThat(fields(validator.validateFull(in))).containsExactly("max_accuracy_loss_percent");
  }

  @Test
  void namesAPercentageOver100AndANonPositiveLatency() {
    var in = new CriteriaInput(2.0, 100.5, 0.0, List.of("pruning"), List.of("x86-cpu"));
    assertThat(fields(validator.validateFull(in)))
        .containsExactly("min_size_reduction_percent", "max_latency_ms");
  }

  @Test
  void namesAnUnknownTechniqueByIndex() {
    var in = new CriteriaInput(2.0, 30.0, 50.0, List.of("pruning", "alchemy"), List.of("x86-cpu"));
    assertThat(fields(validator.validateFull(in))).containsExactly("allowed_techniques[1]");
  }

  @Test
  void requiresNonEmptyDevicesAndEveryFieldOfAFullDocument() {
    var in = new CriteriaInput(null, null, null, null, List.of());
    assertThat(fields(validator.validateFull(in)))
        .containsExactly(
            "max_accuracy_loss_percent",
            "min_size_reduction_percent",
            "max_latency_ms",
            "allowed_techniques",
            "target_devices");
  }

  @Test
  void allowsMissingFieldsInOverridesButPrefixesErrors() {
    assertThat(validator.validatePartial(new CriteriaInput(1.0, null, null, null, null), "o."))
        .isEmpty();
    var bad = new CriteriaInput(null, -3.0, null, null, null);
    assertThat(fields(validator.validatePartial(bad, "criteria_overrides.")))
        .containsExactly("criteria_overrides.min_size_reduction_percent");
  }

  @Test
  void rejectsDuplicateAndMalformedDevices() {
    var in =
        new CriteriaInput(
            2.0, 30.0, 50.0, List.of("pruning"), List.of("x86-cpu", "x86-cpu", "Bad Device"));
    assertThat(fields(validator.validateFull(in)))
        .containsExactly("target_devices[1]", "target_devices[2]");
  }
}
