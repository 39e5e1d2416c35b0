package dev.beluga.storage.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * Beluga's portable snapshot file, the same for every backend so that a snapshot of one can be
 * restored into the other. The file is a gzip stream; its content, big-endian:
 *
 * <pre>
 * magic           16 bytes  "beluga-snapshot\n"
 * version         u32       1
 * source          u32 length + UTF-8   backend read from: "sqlite" or "etcd" (informational)
 * revision        i64       the store revision every entry was read at
 * createdAt       i64       milliseconds since the epoch
 * entries, ascending by key (UTF-8 byte order), each:
 *   tag           u8        1
 *   key           u32 length + UTF-8   storage key, e.g. /registry/pods/default/web
 *   createRevision i64
 *   modRevision   i64       the object's resourceVersion
 *   value         u32 length + bytes   the stored JSON (without resourceVersion)
 * end:
 *   tag           u8        0
 *   count         i64       number of entries
 *   sha256        32 bytes  of every byte above, from the magic through the count
 * </pre>
 *
 * Nothing may follow the digest. Every key lies under {@link #KEY_PREFIX}.
 */
public final class SnapshotFormat {
    static final byte[] MAGIC = "beluga-snapshot\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int ENTRY = 1;
    static final int END = 0;
    /** Keys and values above these are refused as corrupt rather than allocated. */
    static final int MAX_KEY_BYTES = 64 * 1024;
    static final int MAX_VALUE_BYTES = 256 * 1024 * 1024;

    /** Every key the API server stores starts with this; it is what a snapshot holds. */
    public static final String KEY_PREFIX = "/registry/";

    private SnapshotFormat() {}
}
