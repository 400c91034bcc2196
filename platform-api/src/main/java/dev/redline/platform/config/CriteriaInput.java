package dev.redline.platform.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The criteria document as a client sends it (PUT body, or a session's {@code criteria_overrides}
 * where every field is optional). Boxed so a missing field is distinguishable from 0.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CriteriaInput(
    Double maxAccuracyLossPercent,
    Double minSizeReductionPercent,
    Double maxLatencyMs,
    List<String> allowedTechniques,
    List<String> targetDevices) {}
