package dev.beluga.storage.snapshot;

/** The file is not a complete, intact Beluga snapshot; the message says what is wrong with it. */
public final class InvalidSnapshotException extends RuntimeException {
    public InvalidSnapshotException(String message) {
        super(message);
    }

    public InvalidSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
