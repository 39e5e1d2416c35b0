package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchRequest;
import dev.beluga.client.http.ClusterConnection;
import dev.beluga.client.http.HttpTransport;
import dev.beluga.storage.etcd.EtcdProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * etcd stopped under a running server (issue 6, "Faults"): API calls answer 503 or 504 with a Status
 * within the request timeout, never 500 and never a hang; etcd back, the server serves again without a
 * restart, a watch through the API either goes on or ends so the client relists, and every write
 * acknowledged before the outage is still there.
 */
class EtcdFaultsThroughApiTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Path dir;
    private EtcdProcess etcd;
    private BelugaServer server;
    private Client client;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("h23faults");
        etcd = EtcdProcess.start(dir.resolve("etcd"));
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, dir.resolve("data"), Duration.ofMinutes(5), 10_000)
                .withCluster(ClusterSettings.DEFAULTS)
                .withDatastore(new Datastore.Etcd(etcd.settings("/registry", REQUEST_TIMEOUT)));
        server = BelugaServer.start(settings, Optional.of("localhost"), new PrintWriter(OutputStream.nullOutputStream()));
        client = new HttpTransport(ClusterConnection.fromKubeconfig(server.kubeconfig()));
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        try {
            // etcd back first, so the server closes against a live store; a failed restart must not leave the server running.
            if (etcd != null) etcd.start();
        } finally {
            try {
                if (server != null) server.close();
            } finally {
                if (etcd != null) etcd.close();
                if (dir != null) ScratchDirectory.deleteTree(dir);
            }
        }
    }

    @Test
    void etcdDownIs503Or504EtcdBackServesAgainWithNothingLost() throws Exception {
        ConfigMap before = client.create(Kind.CONFIGMAPS, configMap("before"));
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Optional<StatusException>> closed = new AtomicReference<>();
        WatchHandle watch = client.watch(Kind.CONFIGMAPS, "default", WatchRequest.from(before.getMetadata().getResourceVersion()),
                new WatchHandler<>() {
                    @Override
                    public void onEvent(EventType type, ConfigMap object) {
                        seen.add(type + " " + object.getMetadata().getName());
                    }

                    @Override
                    public void onClose(Optional<StatusException> error) {
                        closed.set(error);
                    }
                });

        etcd.stop();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = List.of(
                    calls.submit(() -> status(() -> client.get(Kind.CONFIGMAPS, "default", "before"))),
                    calls.submit(() -> status(() -> client.list(Kind.CONFIGMAPS, "default", ListRequest.ALL))),
                    calls.submit(() -> status(() -> client.create(Kind.CONFIGMAPS, configMap("during")))));
            for (Future<Integer> answer : answers) {
                // Bounded by far more than the request timeout: a hang fails here rather than blocking the build.
                int code = answer.get(60, TimeUnit.SECONDS);
                System.out.println("get/list/create while etcd is down: " + code);
                assertThat(code).as("the API's answer while etcd is down").isIn(503, 504);
            }
        }

        etcd.start();
        await("a create succeeds once etcd is back", () -> {
            try {
                client.create(Kind.CONFIGMAPS, configMap("after"));
                return true;
            } catch (StatusException e) {
                if (e.code() != 503 && e.code() != 504) fail("unexpected answer after etcd came back: " + e.code() + " " + e.getMessage());
                return false;
            }
        });
        assertThat(client.get(Kind.CONFIGMAPS, "default", "before")).as("acknowledged before the outage").isPresent();
        Set<String> names = client.list(Kind.CONFIGMAPS, "default", ListRequest.ALL).items().stream()
                .map(cm -> cm.getMetadata().getName()).collect(Collectors.toSet());
        assertThat(names).contains("before", "after");

        // The watch either went on across the outage and saw the new object, or it ended so the client relists.
        await("the watch sees 'after' or ends", () -> seen.contains("ADDED after") || closed.get() != null);
        System.out.println("watch across the outage: " + (closed.get() == null ? "went on, saw " + seen : "ended with " + closed.get()));
        if (closed.get() != null) {
            closed.get().ifPresent(e -> assertThat(e.code()).as("a watch ends with 410 (relist) or a 5xx the client retries").isIn(410, 503, 504));
            // What an informer does next: watch again from the last resourceVersion it saw. That either replays
            // everything since (no gap: 'after' arrives) or answers 410, and the relist above has it all.
            List<String> resumed = new CopyOnWriteArrayList<>();
            AtomicReference<Optional<StatusException>> resumedClosed = new AtomicReference<>();
            WatchHandle again = client.watch(Kind.CONFIGMAPS, "default", WatchRequest.from(before.getMetadata().getResourceVersion()),
                    new WatchHandler<>() {
                        @Override
                        public void onEvent(EventType type, ConfigMap object) {
                            resumed.add(type + " " + object.getMetadata().getName());
                        }

                        @Override
                        public void onClose(Optional<StatusException> error) {
                            resumedClosed.set(error);
                        }
                    });
            await("the resumed watch replays 'after' or answers 410", () -> resumed.contains("ADDED after")
                    || (resumedClosed.get() != null && resumedClosed.get().map(e -> e.code() == 410).orElse(false)));
            System.out.println("resumed watch from " + before.getMetadata().getResourceVersion() + ": " + resumed + " " + resumedClosed.get());
            assertThat(resumed).doesNotContain("ADDED during");
            again.close();
        } else {
            assertThat(seen).as("no event is invented").doesNotContain("ADDED during");
        }
        watch.close();
    }

    @Test
    void aHungEtcdIs504WithinTheRequestTimeoutAndServesAgainWhenItAnswers() throws Exception {
        client.create(Kind.CONFIGMAPS, configMap("before"));
        etcd.freeze();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> get = calls.submit(() -> status(() -> client.get(Kind.CONFIGMAPS, "default", "before")));
            Future<Integer> create = calls.submit(() -> status(() -> client.create(Kind.CONFIGMAPS, configMap("during"))));
            int getCode = get.get(60, TimeUnit.SECONDS);
            int createCode = create.get(60, TimeUnit.SECONDS);
            System.out.println("get/create while etcd is frozen: " + getCode + " " + createCode);
            assertThat(getCode).isEqualTo(504);
            assertThat(createCode).isEqualTo(504);
        } finally {
            etcd.thaw();
        }
        await("a read succeeds once etcd answers", () -> {
            try {
                return client.get(Kind.CONFIGMAPS, "default", "before").isPresent();
            } catch (StatusException e) {
                return false;
            }
        });
    }

    /** The HTTP status a call ends with (200 when it succeeds). */
    private static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (StatusException e) {
            return e.code();
        }
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata().addToData("k", "v").build();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting until " + what);
    }
}
