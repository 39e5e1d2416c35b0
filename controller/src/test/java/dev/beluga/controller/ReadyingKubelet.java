package dev.beluga.controller;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchHandler.EventType;
import dev.beluga.client.WatchRequest;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Plays the kubelet where controller tests run none: watches one namespace's pods, tells an
 * {@link Observer} of every event, and marks each new pod that {@code readies} accepts Running and
 * Ready (one at a time, in the order the watch showed them).
 */
public final class ReadyingKubelet implements AutoCloseable {
    /** Hears of the pod events, on the watch's thread. */
    public interface Observer {
        void seen(EventType type, Pod pod);

        /** About to mark {@code pod} Ready (on the marking thread). */
        default void readying(Pod pod) {}
    }

    private final ExecutorService patcher = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    private final WatchHandle watch;

    private ReadyingKubelet(Client client, String namespace, Predicate<Pod> readies, Observer observer) {
        this.watch = client.watch(Kind.PODS, namespace, WatchRequest.from(""), new WatchHandler<>() {
            @Override
            public void onEvent(EventType type, Pod pod) {
                observer.seen(type, pod);
                if (type == EventType.ADDED && readies.test(pod)) {
                    patcher.submit(() -> {
                        observer.readying(pod);
                        try {
                            markReady(client, pod);
                        } catch (StatusException e) {
                            // Deleted (scale down, update) before it was marked: nothing to mark.
                        }
                    });
                }
            }

            @Override
            public void onClose(Optional<StatusException> error) {}
        });
    }

    /** Marks every new pod Ready. */
    public static ReadyingKubelet start(Client client, String namespace, Observer observer) {
        return start(client, namespace, pod -> true, observer);
    }

    public static ReadyingKubelet start(Client client, String namespace, Predicate<Pod> readies, Observer observer) {
        return new ReadyingKubelet(client, namespace, readies, observer);
    }

    /** Only watches: the test marks pods Ready itself ({@link #markReady}). */
    public static ReadyingKubelet watching(Client client, String namespace, Observer observer) {
        return start(client, namespace, pod -> false, observer);
    }

    /** What a kubelet reports once the pod's containers run and pass readiness: phase Running, Ready since now (that very pod, by uid). */
    public static void markReady(Client client, Pod pod) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        client.patch(Kind.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), Patch.mergeStatus(
                "{\"metadata\":{\"uid\":\"" + pod.getMetadata().getUid() + "\"},\"status\":{\"phase\":\"Running\",\"conditions\":["
                        + "{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"}]}}"));
    }

    @Override
    public void close() {
        watch.close();
        patcher.shutdownNow();
    }
}
