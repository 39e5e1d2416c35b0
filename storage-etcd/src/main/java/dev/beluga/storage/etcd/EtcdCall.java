package dev.beluga.storage.etcd;

import dev.beluga.storage.CompactedException;
import dev.beluga.storage.FutureRevisionException;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.StorageTimeoutException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Waits for one etcd call within the request timeout and turns its failure into the SPI's exceptions:
 * no answer in time is a {@link StorageTimeoutException} (the API's 504), a compacted revision a
 * {@link CompactedException} (410), a revision etcd has not reached a {@link FutureRevisionException},
 * anything else (etcd unreachable, refused) a {@link StorageException} (503).
 */
final class EtcdCall {
    // etcd's mvcc errors arrive as OUT_OF_RANGE with these texts (ErrCompacted, ErrFutureRev).
    static final String COMPACTED = "required revision has been compacted";
    static final String FUTURE = "required revision is a future revision";

    private final Duration timeout;

    EtcdCall(Duration timeout) {
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * @param what         names the call in messages
     * @param revision     the revision the call asked for (0 when none), for revision errors
     * @param compacted    the store's best knowledge of the compacted revision, asked only on a compaction error
     * @param current      the current revision, asked only on a future-revision error
     */
    <T> T await(String what, CompletableFuture<T> call, long revision, LongSupplier compacted, LongSupplier current) {
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new StorageTimeoutException("etcd did not answer " + what + " within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted waiting for etcd (" + what + ")", e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause() == null ? e : e.getCause(), revision, compacted, current);
        }
    }

    <T> T await(String what, CompletableFuture<T> call) {
        return await(what, call, 0, () -> 0, () -> 0);
    }

    static StorageException translate(String what, Throwable failure, long revision, LongSupplier compacted, LongSupplier current) {
        String message = String.valueOf(failure.getMessage());
        if (message.contains(COMPACTED)) {
            return new CompactedException(revision, compacted.getAsLong());
        }
        if (message.contains(FUTURE)) {
            return new FutureRevisionException(revision, current.getAsLong());
        }
        if (failure instanceof EtcdException etcd && etcd.getErrorCode() == ErrorCode.DEADLINE_EXCEEDED) {
            return new StorageTimeoutException("etcd did not answer " + what + " in time: " + message, failure);
        }
        return new StorageException("etcd could not " + what + ": " + message, failure);
    }
}
