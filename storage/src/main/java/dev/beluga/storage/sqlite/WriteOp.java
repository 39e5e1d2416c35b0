package dev.beluga.storage.sqlite;

/** One conditional write as queued for the writer thread. */
sealed interface WriteOp {
    String key();

    record Create(String key, byte[] value) implements WriteOp {}

    record Update(String key, byte[] value, long expectedModRevision) implements WriteOp {}

    record Delete(String key, long expectedModRevision) implements WriteOp {}
}
