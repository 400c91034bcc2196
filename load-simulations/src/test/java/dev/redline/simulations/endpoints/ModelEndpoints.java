package dev.redline.simulations.endpoints;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** {@code /models}: the model registry. */
public final class ModelEndpoints {

  public static final String LIST = "GET /models";
  public static final String GET = "GET /models/{id}";
  public static final String CREATE = "POST /models";

  /** Session attributes: every listed model's id and target device, index-aligned. */
  public static final String MODEL_IDS = "modelIds";

  public static final String MODEL_DEVICES = "modelDevices";

  private ModelEndpoints() {}

  /** The registry; saves the ids and devices of the listed models (possibly none). */
  public static HttpRequestActionBuilder list() {
    return Api.get(LIST, "/models")
        .check(
            status().is(200),
            jsonPath("$..id").findAll().optional().saveAs(MODEL_IDS),
            jsonPath("$..target_device").findAll().optional().saveAs(MODEL_DEVICES));
  }

  /** One model, by the id in session attribute {@code modelId}. */
  public static HttpRequestActionBuilder get() {
    return Api.get(GET, "/models/#{modelId}")
        .check(status().is(200), jsonPath("$.id").isEL("#{modelId}"));
  }

  /** Registers a model targeting the session's {@code targetDevice}; saves its id as modelId. */
  public static HttpRequestActionBuilder create() {
    return Api.post(CREATE, "/models")
        .body(
            StringBody(
                "{\"name\":\"redline-load-#{token}\",\"framework\":\"pytorch\",\"size_mb\":42.5,"
                    + "\"parameter_count\":11000000,\"target_device\":\"#{targetDevice}\"}"))
        .check(status().is(201), jsonPath("$.id").saveAs("modelId"), header("Location").exists());
  }
}
