package dev.beluga.apiserver.registry;

import dev.beluga.api.errors.StatusException;
import dev.beluga.storage.CompactedException;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.StorageTimeoutException;

/**
 * A store failure as the Status the API answers with, the same over HTTP and in process: a compacted
 * revision is 410 Expired (clients relist), a store that did not answer in time is 504 Timeout, and an
 * unreachable or failing store is 503 ServiceUnavailable. Never a 500: the request was fine, the
 * store was not, and a client may retry.
 */
public final class StorageFailure {
    private StorageFailure() {}

    public static StatusException status(StorageException e) {
        return switch (e) {
            case CompactedException c -> StatusException.expired("too old resource version: " + c.requested() + " (" + (c.compacted() + 1) + ")");
            case StorageTimeoutException t -> StatusException.timeout("storage did not answer in time: " + t.getMessage());
            default -> StatusException.serviceUnavailable("storage is unavailable: " + e.getMessage());
        };
    }
}
