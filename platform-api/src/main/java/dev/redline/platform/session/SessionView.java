package dev.redline.platform.session;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One session; {@code results} is null until it completes or fails. */
public record SessionView(
    UUID id,
    UUID modelId,
    String modelName,
    String framework,
    String status,
    List<String> techniques,
    String targetDevice,
    @JsonRawValue String criteriaOverrides,
    int progressPercent,
    Results results,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt) {}
