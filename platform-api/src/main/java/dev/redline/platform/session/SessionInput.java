package dev.redline.platform.session;

import dev.redline.platform.config.CriteriaInput;
import java.util.List;
import java.util.UUID;

/** POST /optimization/sessions body. */
public record SessionInput(
    UUID modelId, List<String> techniques, String targetDevice, CriteriaInput criteriaOverrides) {}
