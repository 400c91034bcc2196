package dev.redline.platform.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A list row: the session plus its model's name, framework and device (joined in SQL). */
public record SessionListItem(
    UUID id,
    UUID modelId,
    String modelName,
    String framework,
    String modelTargetDevice,
    String status,
    List<String> techniques,
    String targetDevice,
    int progressPercent,
    Results results,
    Instant createdAt,
    Instant updatedAt) {}
