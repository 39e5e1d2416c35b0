package dev.beluga.controller;

import dev.beluga.client.informer.SharedInformer;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a controller's workers once its informers have listed: acting on a cache that is still
 * empty would make a ReplicaSet create pods it already has. Waits for as long as it takes (the
 * informer factory may be started after the controllers are built) and gives up only on close.
 */
public final class ControllerStart implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControllerStart.class);

    private final Thread waiter;
    private volatile AutoCloseable started;
    private volatile boolean closed;

    private ControllerStart(String name, List<SharedInformer<?>> informers, Supplier<AutoCloseable> start) {
        this.waiter = Thread.ofVirtual().name(name + "-start").start(() -> {
            try {
                while (!closed && !informers.stream().allMatch(SharedInformer::hasSynced)) Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (closed) return;
                started = start.get();
            }
            log.debug("{}: informers synced, workers started", name);
        });
    }

    public static ControllerStart whenSynced(String name, List<SharedInformer<?>> informers, Supplier<AutoCloseable> start) {
        return new ControllerStart(name, informers, start);
    }

    public boolean started() {
        return started != null;
    }

    @Override
    public void close() {
        AutoCloseable s;
        synchronized (this) {
            closed = true;
            s = started;
        }
        waiter.interrupt();
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                log.warn("stopping workers failed", e);
            }
        }
    }
}
