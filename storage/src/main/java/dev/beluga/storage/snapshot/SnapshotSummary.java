package dev.beluga.storage.snapshot;

/**
 * A complete, verified snapshot: its header, how many keys it holds and its SHA-256 (hex).
 */
public record SnapshotSummary(SnapshotHeader header, long count, String sha256) {}
