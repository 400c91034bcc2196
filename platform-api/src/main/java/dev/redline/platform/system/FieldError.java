package dev.redline.platform.system;

/** One invalid input: the field as the client spelled it (snake_case or query name), and why. */
public record FieldError(String field, String message) {}
