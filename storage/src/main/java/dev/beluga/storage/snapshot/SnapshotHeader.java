package dev.beluga.storage.snapshot;

import java.time.Instant;

/**
 * What a snapshot says about itself.
 *
 * @param source    the backend it was read from ("sqlite", "etcd")
 * @param revision  the store revision every entry was read at
 * @param createdAt when the snapshot was taken
 */
public record SnapshotHeader(String source, long revision, Instant createdAt) {}
