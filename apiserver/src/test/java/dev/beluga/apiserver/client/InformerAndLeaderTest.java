package dev.beluga.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.http.ClusterConnection;
import dev.beluga.client.http.HttpTransport;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import dev.beluga.client.leader.LeaderCallbacks;
import dev.beluga.client.leader.LeaderElector;
import dev.beluga.client.leader.LeaderTimings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Informers and leader election on a real API server, over both transports. */
class InformerAndLeaderTest {
    private static LocalApiServer server;
    private static HttpTransport http;
    private static final AtomicInteger namespaces = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = LocalApiServer.start();
        http = new HttpTransport(ClusterConnection.of(server.httpUrl(), server.token()));
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    static Stream<String> transports() {
        return Stream.of("in-process", "http");
    }

    private static Client client(String transport) {
        return transport.equals("http") ? http : server.client();
    }

    private static String namespace(Client client) {
        String ns = "inf-" + namespaces.incrementAndGet();
        client.create(Kind.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build());
        return ns;
    }

    private static ConfigMap configMap(String ns, String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", "x").endMetadata()
                .withData(Map.of("v", value)).build();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anInformerListsThenFollowsChangesAndFeedsHandlersAndIndexes(String transport) throws Exception {
        Client client = client(transport);
        String ns = namespace(client);
        client.create(Kind.CONFIGMAPS, configMap(ns, "before", "1"));
        try (InformerFactory factory = new InformerFactory(client)) {
            SharedInformer<ConfigMap> informer = factory.informer(Kind.CONFIGMAPS, ns, "", "");
            informer.addIndex("value", cm -> List.of(cm.getData().get("v")));
            List<String> seen = new CopyOnWriteArrayList<>();
            informer.addHandler(new ResourceHandler<>() {
                @Override public void onAdd(ConfigMap o) { seen.add("add " + o.getMetadata().getName()); }
                @Override public void onUpdate(ConfigMap a, ConfigMap b) { seen.add("update " + b.getMetadata().getName() + " " + b.getData().get("v")); }
                @Override public void onDelete(ConfigMap o) { seen.add("delete " + o.getMetadata().getName()); }
            });
            factory.start();
            assertThat(factory.waitForSync(Duration.ofSeconds(30))).isTrue();
            assertThat(informer.lister().get(ns, "before")).isPresent();

            client.create(Kind.CONFIGMAPS, configMap(ns, "after", "2"));
            ConfigMap current = client.get(Kind.CONFIGMAPS, ns, "before").orElseThrow();
            current.setData(Map.of("v", "3"));
            client.update(Kind.CONFIGMAPS, current);
            client.delete(Kind.CONFIGMAPS, ns, "after", new DeleteOptions());
            await("the delete", () -> seen.contains("delete after"));

            assertThat(seen).containsExactly("add before", "add after", "update before 3", "delete after");
            assertThat(informer.lister().list(ns)).extracting(cm -> cm.getMetadata().getName()).containsExactly("before");
            assertThat(informer.lister().byIndex("value", "3")).hasSize(1);
            assertThat(informer.lister().byIndex("value", "1")).isEmpty();

            List<String> late = new CopyOnWriteArrayList<>();
            informer.addHandler(new ResourceHandler<>() {
                @Override public void onAdd(ConfigMap o) { late.add(o.getMetadata().getName()); }
            });
            assertThat(late).as("a late handler hears of what is cached").containsExactly("before");
        }
    }

    @Test
    void anInformerRelistsAfterItsResourceVersionIsCompactedAndCatchesUp() throws Exception {
        Client client = server.client();
        String ns = namespace(client);
        try (InformerFactory factory = new InformerFactory(http)) {
            SharedInformer<ConfigMap> informer = factory.informer(Kind.CONFIGMAPS, ns, "", "");
            factory.start();
            assertThat(factory.waitForSync(Duration.ofSeconds(30))).isTrue();
            for (int i = 0; i < 20; i++) client.create(Kind.CONFIGMAPS, configMap(ns, "cm-" + i, "" + i));
            await("all 20", () -> informer.lister().list(ns).size() == 20);
            server.compact();
            client.delete(Kind.CONFIGMAPS, ns, "cm-0", new DeleteOptions());
            await("the delete after compaction", () -> informer.lister().list(ns).size() == 19);
        }
    }

    @Test
    void oneOfTwoCandidatesLeadsAndTheOtherTakesOverWhenItSteps() throws Exception {
        // A quick retry period for a quick hand-over (close releases the lease), but a lease and renew
        // deadline long enough that a busy machine stalling the holder's renewals for a second or two
        // does not hand the lease over before the test lets it go.
        LeaderTimings fast = new LeaderTimings(Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofMillis(200));
        AtomicInteger leaders = new AtomicInteger();
        List<String> history = new CopyOnWriteArrayList<>();
        LeaderCallbacks a = callbacks("a", leaders, history);
        LeaderCallbacks b = callbacks("b", leaders, history);
        LeaderElector first = LeaderElector.start(server.client(), "kube-system", "test-lock", "a", fast, a);
        await("a leads", first::isLeader);
        LeaderElector second = LeaderElector.start(http, "kube-system", "test-lock", "b", fast, b);
        Thread.sleep(1000);
        assertThat(second.isLeader()).as("the lease is held").isFalse();
        first.close();
        await("b leads", second::isLeader);
        second.close();
        assertThat(history).containsExactly("a+", "a-", "b+", "b-");
        assertThat(server.client().get(Kind.LEASES, "kube-system", "test-lock").orElseThrow().getSpec().getLeaseTransitions()).isEqualTo(1);
    }

    private static LeaderCallbacks callbacks(String name, AtomicInteger leaders, List<String> history) {
        return new LeaderCallbacks() {
            @Override public void startedLeading() {
                assertThat(leaders.incrementAndGet()).as("never two leaders").isEqualTo(1);
                history.add(name + "+");
            }
            @Override public void stoppedLeading() {
                leaders.decrementAndGet();
                history.add(name + "-");
            }
        };
    }
}
