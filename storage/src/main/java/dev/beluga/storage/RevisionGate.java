package dev.beluga.storage;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The revision the watch cache has applied, and a way to wait until it reaches a given one. */
final class RevisionGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private volatile long revision;

    long revision() {
        return revision;
    }

    void advance(long to) {
        lock.lock();
        try {
            if (to > revision) {
                revision = to;
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** True once the revision is at least {@code target}; false if {@code timeout} passed first. */
    boolean await(long target, Duration timeout) {
        if (revision >= target) {
            return true;
        }
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (revision < target) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = advanced.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for revision " + target, e);
        } finally {
            lock.unlock();
        }
    }
}
