package dev.beluga.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's UIDTrackingControllerExpectations: what a controller has asked the API for and not yet
 * seen come back through its informer. While creates or deletes are in flight the controller's cache
 * is known to be behind, so it must not act on it again (a slow watch would otherwise make it create
 * the same pods twice). Expectations are satisfied once everything is observed, or after
 * {@link #TIMEOUT} as a safety net against a lost event.
 *
 * <p>Deletions are tracked by dependent key ("ns/name"), so a pod seen first with a
 * deletionTimestamp and then gone counts once. Thread-safe: informer handlers observe while workers
 * expect.
 */
public final class ControllerExpectations {
    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static final class Expectation {
        long adds;
        long deletes;
        final Set<String> deleteKeys = new HashSet<>();
        Instant since;
    }

    private final Clock clock;
    private final Map<String, Expectation> byController = new HashMap<>();

    public ControllerExpectations(Clock clock) {
        this.clock = clock;
    }

    /** True when the controller may act on its cache: nothing pending, expired, or never recorded. */
    public synchronized boolean satisfied(String controllerKey) {
        Expectation e = byController.get(controllerKey);
        if (e == null) return true;
        if (e.adds <= 0 && e.deletes <= 0) return true;
        return !clock.instant().isBefore(e.since.plus(TIMEOUT));
    }

    /** About to create {@code count} dependents; replaces any previous record. */
    public synchronized void expectCreations(String controllerKey, int count) {
        Expectation e = new Expectation();
        e.adds = count;
        e.since = clock.instant();
        byController.put(controllerKey, e);
    }

    /** About to delete these dependents (by "ns/name"); replaces any previous record. */
    public synchronized void expectDeletions(String controllerKey, Set<String> dependentKeys) {
        Expectation e = new Expectation();
        e.deletes = dependentKeys.size();
        e.deleteKeys.addAll(dependentKeys);
        e.since = clock.instant();
        byController.put(controllerKey, e);
    }

    /** A dependent's creation was observed, or a create was given up (it will never be observed). */
    public synchronized void creationObserved(String controllerKey) {
        Expectation e = byController.get(controllerKey);
        if (e != null) e.adds--;
    }

    /** A dependent's deletion was observed (or failed); counts only for keys that were expected. */
    public synchronized void deletionObserved(String controllerKey, String dependentKey) {
        Expectation e = byController.get(controllerKey);
        if (e != null && e.deleteKeys.remove(dependentKey)) e.deletes--;
    }

    /** The controller is gone; forget it. */
    public synchronized void delete(String controllerKey) {
        byController.remove(controllerKey);
    }

    /** Pending creates and deletes, for logs and tests. */
    public synchronized String describe(String controllerKey) {
        Expectation e = byController.get(controllerKey);
        return e == null ? "none" : "adds=" + e.adds + " deletes=" + e.deletes + " since " + e.since;
    }
}
