package dev.redline.platform.model;

import java.time.Instant;
import java.util.UUID;

public record Model(
    UUID id,
    String name,
    String framework,
    double sizeMb,
    long parameterCount,
    String targetDevice,
    Instant createdAt) {}
