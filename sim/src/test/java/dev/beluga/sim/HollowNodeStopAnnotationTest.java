package dev.beluga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.kubelet.KubeletTimings;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** kubectl's way to stop a hollow node: the sim.beluga.dev/stopped annotation on its Node, as `kubectl annotate` writes it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HollowNodeStopAnnotationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration RENEW = Duration.ofMillis(500);
    /** Renewals every half second; three periods without one show the kubelet stopped. */
    private static final Duration QUIET = RENEW.multipliedBy(3);

    private LocalApiServer api;
    private Client client;

    @BeforeAll
    void startApi() {
        api = LocalApiServer.start();
        client = api.client();
    }

    @AfterAll
    void stopApi() {
        if (api != null) api.close();
    }

    private static SimSettings settings(String prefix) {
        return SimSettings.defaults().withNamePrefix(prefix).withEvents(false)
                .withTimings(new KubeletTimings(RENEW, 40, RENEW, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO));
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
            sleep(Duration.ofMillis(50));
            last = probe.get();
        }
        return last;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** `kubectl annotate node NODE KEY=VALUE` (VALUE null: `KEY-`) sends this merge patch. */
    private void annotate(String node, String key, String value) {
        String v = value == null ? "null" : "\"" + value + "\"";
        client.patch(Kind.NODES, "", node, Patch.merge("{\"metadata\":{\"annotations\":{\"" + key + "\":" + v + "}}}"));
    }

    private ZonedDateTime renewTime(String node) {
        return client.get(Kind.LEASES, "kube-node-lease", node).orElseThrow().getSpec().getRenewTime();
    }

    private Node node(String name) {
        return client.get(Kind.NODES, "", name).orElseThrow();
    }

    private static String readyHeartbeat(Node n) {
        return n.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).map(NodeCondition::getLastHeartbeatTime).findFirst().orElse("");
    }

    private void assertLeaseNotRenewed(String node) {
        ZonedDateTime renewed = renewTime(node);
        sleep(QUIET);
        assertThat(renewTime(node)).as("renewTime of %s while stopped", node).isEqualTo(renewed);
    }

    @Test
    void annotatingANodeStopsItsKubeletAndRemovingTheAnnotationStartsItKeepingOtherAnnotations() {
        try (InformerFactory informers = new InformerFactory(client);
             HollowNodeFleet fleet = HollowNodeFleet.start(client, informers, 2, settings("switch-"))) {
            String node = "switch-1";
            annotate(node, "team", "blue");
            ZonedDateTime before = renewTime(node);
            await("the lease renewed while running", () -> renewTime(node), t -> t.isAfter(before));

            annotate(node, StopAnnotation.KEY, "true");
            await(node + " stopped", () -> fleet.isRunning(node), running -> !running);
            assertThat(fleet.isRunning("switch-0")).isTrue();
            assertLeaseNotRenewed(node);
            assertThat(node(node).getMetadata().getAnnotations()).containsEntry(StopAnnotation.KEY, "true").containsEntry("team", "blue");

            String heartbeat = readyHeartbeat(node(node));
            ZonedDateTime stoppedAt = renewTime(node);
            annotate(node, StopAnnotation.KEY, null);
            await(node + " running again", () -> fleet.isRunning(node), running -> running);
            await("the lease renewed again", () -> renewTime(node), t -> t.isAfter(stoppedAt));
            // The returning kubelet reports its status at once; the annotations it did not set stay.
            Node back = await("a fresh node status", () -> node(node), n -> !readyHeartbeat(n).equals(heartbeat));
            assertThat(back.getMetadata().getAnnotations()).containsEntry("team", "blue").containsEntry("node.alpha.kubernetes.io/ttl", "0")
                    .doesNotContainKey(StopAnnotation.KEY);

            // Any value but "true" counts as not stopped.
            annotate(node, StopAnnotation.KEY, "true");
            await(node + " stopped again", () -> fleet.isRunning(node), running -> !running);
            annotate(node, StopAnnotation.KEY, "false");
            await(node + " running once more", () -> fleet.isRunning(node), running -> running);
        }
    }

    @Test
    void aNodeAnnotatedBeforeItsFleetStartsIsNotStarted() {
        String node = "held-0";
        try (InformerFactory informers = new InformerFactory(client);
             HollowNodeFleet fleet = HollowNodeFleet.start(client, informers, 1, settings("held-"))) {
            annotate(node, StopAnnotation.KEY, "true");
            await(node + " stopped", () -> fleet.isRunning(node), running -> !running);
        }
        // A server restarted on its old data: the Node still asks to be stopped.
        try (InformerFactory informers = new InformerFactory(client);
             HollowNodeFleet fleet = HollowNodeFleet.start(client, informers, 1, settings("held-"))) {
            assertThat(fleet.isRunning(node)).isFalse();
            assertLeaseNotRenewed(node);
            ZonedDateTime stoppedAt = renewTime(node);
            annotate(node, StopAnnotation.KEY, null);
            await("the lease renewed again", () -> renewTime(node), t -> t.isAfter(stoppedAt));
            assertThat(fleet.isRunning(node)).isTrue();
        }
    }
}
