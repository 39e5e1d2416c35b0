package dev.beluga.controller;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.events.ClientEventRecorder;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.InformerFactory;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a controller integration test runs on: an API server in a temp dir with its in-process
 * client, one informer factory and one event recorder. Closing it closes what was started on it
 * (last first), then the informers, the recorder and the server.
 */
public final class ControllerTestCluster implements AutoCloseable {
    /** How the controllers start: {@code XController::start}. */
    @FunctionalInterface
    public interface Starter<C extends AutoCloseable> {
        C start(Client client, InformerFactory informers, EventRecorder events);
    }

    private final LocalApiServer api;
    private final Client client;
    private final InformerFactory informers;
    private final ClientEventRecorder events;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private ControllerTestCluster(String component) {
        this.api = LocalApiServer.start();
        this.client = api.client();
        this.informers = new InformerFactory(client);
        this.events = new ClientEventRecorder(client, component, "");
    }

    /** @param component the events' source component ("deployment-controller") */
    public static ControllerTestCluster start(String component) {
        return new ControllerTestCluster(component);
    }

    public Client client() {
        return client;
    }

    public InformerFactory informers() {
        return informers;
    }

    /** Starts a controller on the shared informers; it is closed with the cluster. */
    public <C extends AutoCloseable> C run(Starter<C> starter) {
        return closing(starter.start(client, informers, events));
    }

    /** Closes {@code resource} with the cluster, before what was started earlier. */
    public <C extends AutoCloseable> C closing(C resource) {
        started.push(resource);
        return resource;
    }

    /** Starts the informers; the controllers begin work once they have listed. */
    public void startInformers() {
        informers.start();
    }

    /** Starts the informers and waits until they have listed. */
    public void startInformersAndSync() {
        informers.start();
        if (!informers.waitForSync(Await.TIMEOUT)) throw new AssertionError("the informers did not sync");
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        informers.close();
        events.close();
        api.close();
        if (failure != null) throw failure;
    }
}
