package dev.beluga.controller;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits for integration tests: poll until a condition holds, failing only after {@link #TIMEOUT}. */
public final class Await {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    private Await() {}

    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        value(what, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
    }

    /** The first value {@code probe} finds. */
    public static <T> T value(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) return found.get();
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(POLL_MILLIS);
        }
    }
}
