package dev.redline.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.platform.config.CriteriaInput;
import dev.redline.platform.model.ModelInput;
import dev.redline.platform.session.SessionInput;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

class JsonMapperFactoryTest {

  private static final JsonMapper JSON = JsonMapperFactory.create();

  private static String model(String sizeMb, String parameterCount, String name) {
    return "{\"name\":"
        + name
        + ",\"framework\":\"onnx\",\"size_mb\":"
        + sizeMb
        + ",\"parameter_count\":"
        + parameterCount
        + ",\"target_device\":\"x86-cpu\"}";
  }

  @Test
  void readsNumbersAsNumbersAndAnIntegerAsADecimal() {
    ModelInput m = JSON.readValue(model("1", "7", "\"n\""), ModelInput.class);
    assertThat(m.sizeMb()).isEqualTo(1.0);
    assertThat(m.parameterCount()).isEqualTo(7L);
    assertThat(JSON.readValue(model("2.5", "7", "\"n\""), ModelInput.class).sizeMb())
        .isEqualTo(2.5);
  }

  @Test
  void refusesNumbersWrittenAsStringsAndFractionsForIntegers() {
    assertRefused(model("\"1\"", "7", "\"n\""), ModelInput.class, "size_mb");
    assertRefused(model("\"\"", "7", "\"n\""), ModelInput.class, "size_mb");
    assertRefused(model("true", "7", "\"n\""), ModelInput.class, "size_mb");
    assertRefused(model("1", "1.5", "\"n\""), ModelInput.class, "parameter_count");
    assertRefused(model("1", "\"7\"", "\"n\""), ModelInput.class, "parameter_count");
    assertRefused(model("1", "7", "12"), ModelInput.class, "name");
    assertRefused(model("1", "7", "true"), ModelInput.class, "name");
    assertRefused("{\"max_latency_ms\":\"5\"}", CriteriaInput.class, "max_latency_ms");
    assertRefused(
        "{\"min_size_reduction_percent\":\"5\"}",
        CriteriaInput.class,
        "min_size_reduction_percent");
    assertRefused("{\"target_devices\":[1]}", CriteriaInput.class, "target_devices");
    assertRefused("{\"target_device\":7}", SessionInput.class, "target_device");
    assertRefused(
        "{\"criteria_overrides\":{\"max_accuracy_loss_percent\":\"5\"}}",
        SessionInput.class,
        "max_accuracy_loss_percent");
  }

  private static void assertRefused(String json, Class<?> type, String field) {
    assertThatThrownBy(() -> JSON.readValue(json, type))
        .as(json)
        .isInstanceOf(DatabindException.class)
        .satisfies(
            e ->
                assertThat(((DatabindException) e).getPath())
                    .anySatisfy(r -> assertThat(r.getPropertyName()).isEqualTo(field)));
  }
}
