package dev.redline.platform.cache;

/** A serialized response body, ready to write; {@code etag} is null when the resource has none. */
public record CachedBody(byte[] json, String etag) {}
