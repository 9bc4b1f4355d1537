package dev.chatbridge.core.quota;

/**
 * The limits for one user and the version of the limit configuration they belong to: the version
 * grows whenever any limit changes, so buckets built from older limits are rebuilt.
 */
public record VersionedLimits(Limits limits, long version) {}
