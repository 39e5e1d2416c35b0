package dev.beluga.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.beluga.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The semantics every {@link Client} transport must have, run against a real API server. A
 * transport's test extends this class, starts a server once per class (instance lifecycle is per
 * class, so non-static {@code @BeforeAll}/{@code @AfterAll} work) and answers {@link #client()} and
 * {@link #compactStore()}. Every test works in a namespace of its own, so tests share the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClientConformanceTest {
    /** Upper bound for waiting on a watch event; never a timing assertion, only a hang guard. */
    protected static final Duration WAIT = Duration.ofSeconds(30);

    /** The transport under test, connected to the fixture's API server. */
    protected abstract Client client();

    /**
     * Compacts the server's store up to its current revision, so that watching from any earlier
     * resourceVersion is answered with 410 Expired.
     */
    protected abstract void compactStore();

    // ---------------------------------------------------------------- fixtures

    /** Creates a namespace with a fresh name and returns that name. */
    protected String freshNamespace() {
        String name = "t-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
        client().create(Kind.NAMESPACES, ns);
        return name;
    }

    protected static ConfigMap configMap(String namespace, String name, Map<String, String> labels, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withData(data).build();
    }

    protected static Pod pod(String namespace, String name, String... containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).addToLabels("app", name).endMetadata()
                .withNewSpec().endSpec();
        String[] names = containers.length == 0 ? new String[] {"c"} : containers;
        for (String c : names) {
            b.editSpec().addNewContainer().withName(c).withImage("busybox:1.36").endContainer().endSpec();
        }
        return b.build();
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }

    private static long rv(HasMetadata o) {
        return Long.parseLong(o.getMetadata().getResourceVersion());
    }

    private static StatusException statusOf(Throwable t) {
        assertThat(t).isInstanceOf(StatusException.class);
        return (StatusException) t;
    }

    // ---------------------------------------------------------------- create, get, list

    @Test
    void createReturnsTheStoredObjectAndGetFindsIt() {
        String ns = freshNamespace();
        ConfigMap in = configMap(ns, "a", Map.of("app", "x"), Map.of("k", "v"));
        ConfigMap created = client().create(Kind.CONFIGMAPS, in);
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotEmpty();
        assertThat(created.getData()).containsEntry("k", "v");
        assertThat(in.getMetadata().getUid()).as("the argument is not modified").isNull();

        ConfigMap got = client().get(Kind.CONFIGMAPS, ns, "a").orElseThrow();
        assertThat(got.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(got.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(got.getMetadata().getLabels()).containsEntry("app", "x");

        assertThat(client().get(Kind.CONFIGMAPS, ns, "missing")).isEmpty();
    }

    @Test
    void finalizeNamespaceReplacesOnlyItsFinalizers() {
        String ns = freshNamespace();
        Namespace current = client().get(Kind.NAMESPACES, "", ns).orElseThrow();
        assertThat(current.getSpec().getFinalizers()).containsExactly("kubernetes");
        current.getMetadata().getLabels().put("ignored", "by-finalize");
        current.getSpec().setFinalizers(List.of());
        Namespace finalized = client().finalizeNamespace(current);
        assertThat(finalized.getSpec().getFinalizers()).isNullOrEmpty();
        assertThat(finalized.getMetadata().getLabels()).doesNotContainKey("ignored");
        assertThat(client().get(Kind.NAMESPACES, "", ns).orElseThrow().getSpec().getFinalizers()).isNullOrEmpty();
    }

    @Test
    void createOfAnExistingNameIsAlreadyExists() {
        String ns = freshNamespace();
        client().create(Kind.CONFIGMAPS, configMap(ns, "a", Map.of(), Map.of()));
        assertThatThrownBy(() -> client().create(Kind.CONFIGMAPS, configMap(ns, "a", Map.of(), Map.of())))
                .satisfies(t -> {
                    assertThat(statusOf(t).code()).isEqualTo(409);
                    assertThat(statusOf(t).reason()).isEqualTo("AlreadyExists");
                });
    }

    @Test
    void createInAMissingNamespaceIsNotFound() {
        assertThatThrownBy(() -> client().create(Kind.CONFIGMAPS, configMap("no-such-namespace", "a", Map.of(), Map.of())))
                .satisfies(t -> assertThat(statusOf(t).code()).isEqualTo(404));
    }

    @Test
    void invalidObjectsAreInvalidWithCauses() {
        String ns = freshNamespace();
        Pod noImage = new PodBuilder(pod(ns, "bad")).editSpec().editFirstContainer().withImage(null).endContainer().endSpec().build();
        assertThatThrownBy(() -> client().create(Kind.PODS, noImage)).satisfies(t -> {
            StatusException e = statusOf(t);
            assertThat(e.code()).isEqualTo(422);
            assertThat(e.reason()).isEqualTo("Invalid");
            assertThat(e.status().getDetails().getCauses()).extracting(c -> c.getField()).contains("spec.containers[0].image");
        });
    }

    @Test
    void listSelectsByLabelsAndFieldsAndCarriesTheResourceVersion() {
        String ns = freshNamespace();
        ConfigMap last = null;
        for (String name : List.of("a", "b", "c")) {
            last = client().create(Kind.CONFIGMAPS, configMap(ns, name, Map.of("tier", name.equals("b") ? "back" : "front"), Map.of()));
        }
        ObjectList<ConfigMap> all = client().list(Kind.CONFIGMAPS, ns, ListRequest.ALL);
        assertThat(names(all.items())).containsExactly("a", "b", "c");
        assertThat(Long.parseLong(all.resourceVersion())).isGreaterThanOrEqualTo(rv(last));
        assertThat(all.continueToken()).isEmpty();
        assertThat(all.items()).allSatisfy(c -> assertThat(c).isInstanceOf(ConfigMap.class));

        assertThat(names(client().list(Kind.CONFIGMAPS, ns, ListRequest.labels("tier=front")).items())).containsExactly("a", "c");
        assertThat(names(client().list(Kind.CONFIGMAPS, ns, ListRequest.labels("tier in (back)")).items())).containsExactly("b");
        assertThat(names(client().list(Kind.CONFIGMAPS, ns, ListRequest.fields("metadata.name=c")).items())).containsExactly("c");
        assertThat(names(client().list(Kind.CONFIGMAPS, ns, ListRequest.fields("metadata.name!=c")).items())).containsExactly("a", "b");
    }

    @Test
    void listAcrossNamespacesFindsObjectsOfEach() {
        String one = freshNamespace();
        String two = freshNamespace();
        client().create(Kind.CONFIGMAPS, configMap(one, "x", Map.of("suite", one), Map.of()));
        client().create(Kind.CONFIGMAPS, configMap(two, "x", Map.of("suite", one), Map.of()));
        List<ConfigMap> items = client().list(Kind.CONFIGMAPS, "", ListRequest.labels("suite=" + one)).items();
        assertThat(items).extracting(c -> c.getMetadata().getNamespace()).containsExactlyInAnyOrder(one, two);
    }

    @Test
    void listPagesWithLimitAndContinue() {
        String ns = freshNamespace();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            client().create(Kind.CONFIGMAPS, configMap(ns, "cm-" + i, Map.of(), Map.of()));
            expected.add("cm-" + i);
        }
        List<String> seen = new ArrayList<>();
        ListRequest request = ListRequest.ALL.page(2, "");
        int pages = 0;
        String firstRv = null;
        while (true) {
            ObjectList<ConfigMap> page = client().list(Kind.CONFIGMAPS, ns, request);
            pages++;
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            if (firstRv == null) firstRv = page.resourceVersion();
            // Pages of one list are a snapshot: every page reports the first page's resourceVersion.
            assertThat(page.resourceVersion()).isEqualTo(firstRv);
            seen.addAll(names(page.items()));
            if (page.continueToken().isEmpty()) break;
            if (pages == 2) {
                // A write between pages does not show in the snapshot being paged.
                client().create(Kind.CONFIGMAPS, configMap(ns, "cm-late", Map.of(), Map.of()));
            }
            request = request.page(2, page.continueToken());
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void clusterScopedAndGroupedKinds() {
        String nodeName = "node-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        Node node = client().create(Kind.NODES, new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata().build());
        assertThat(node.getMetadata().getNamespace()).isNull();
        assertThat(client().get(Kind.NODES, "", nodeName)).isPresent();
        assertThat(names(client().list(Kind.NODES, "", ListRequest.fields("metadata.name=" + nodeName)).items())).containsExactly(nodeName);
        assertThat(client().delete(Kind.NODES, "", nodeName, new DeleteOptions())).isEmpty();
        assertThat(client().get(Kind.NODES, "", nodeName)).isEmpty();

        String ns = freshNamespace();
        Deployment d = client().create(Kind.DEPLOYMENTS, new DeploymentBuilder()
                .withNewMetadata().withNamespace(ns).withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec().endTemplate()
                .endSpec().build());
        assertThat(d.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(client().get(Kind.DEPLOYMENTS, ns, "web").orElseThrow().getSpec().getReplicas()).isEqualTo(2);

        Lease lease = client().create(Kind.LEASES, new LeaseBuilder().withNewMetadata().withNamespace(ns).withName("lock").endMetadata()
                .withNewSpec().withHolderIdentity("me").withLeaseDurationSeconds(15).endSpec().build());
        Lease renewed = client().update(Kind.LEASES, new LeaseBuilder(lease).editSpec().withHolderIdentity("you").endSpec().build());
        assertThat(renewed.getSpec().getHolderIdentity()).isEqualTo("you");
        assertThat(rv(renewed)).isGreaterThan(rv(lease));
    }

    // ---------------------------------------------------------------- update, status, patch

    @Test
    void updateWithAStaleResourceVersionIsAConflict() {
        String ns = freshNamespace();
        ConfigMap v1 = client().create(Kind.CONFIGMAPS, configMap(ns, "a", Map.of(), Map.of("n", "1")));
        ConfigMap v2 = client().update(Kind.CONFIGMAPS, new ConfigMapBuilder(v1).withData(Map.of("n", "2")).build());
        assertThat(v2.getData()).containsEntry("n", "2");
        assertThat(rv(v2)).isGreaterThan(rv(v1));
        assertThatThrownBy(() -> client().update(Kind.CONFIGMAPS, new ConfigMapBuilder(v1).withData(Map.of("n", "3")).build()))
                .satisfies(t -> {
                    assertThat(statusOf(t).code()).isEqualTo(409);
                    assertThat(statusOf(t).reason()).isEqualTo("Conflict");
                });
        assertThat(client().get(Kind.CONFIGMAPS, ns, "a").orElseThrow().getData()).containsEntry("n", "2");
    }

    @Test
    void updateWithoutAResourceVersionIsUnconditional() {
        String ns = freshNamespace();
        client().create(Kind.CONFIGMAPS, configMap(ns, "a", Map.of(), Map.of("n", "1")));
        client().patch(Kind.CONFIGMAPS, ns, "a", Patch.merge("{\"data\":{\"n\":\"2\"}}"));
        ConfigMap blind = configMap(ns, "a", Map.of(), Map.of("n", "3"));
        assertThat(client().update(Kind.CONFIGMAPS, blind).getData()).containsEntry("n", "3");
        assertThatThrownBy(() -> client().update(Kind.CONFIGMAPS, configMap(ns, "missing", Map.of(), Map.of())))
                .satisfies(t -> assertThat(statusOf(t).code()).isEqualTo(404));
    }

    @Test
    void updateKeepsStatusAndUpdateStatusKeepsSpec() {
        String ns = freshNamespace();
        Pod created = client().create(Kind.PODS, pod(ns, "p"));
        Pod withStatus = new PodBuilder(created).editSpec().editFirstContainer().withImage("busybox:1.37").endContainer().endSpec()
                .editOrNewStatus().withPhase("Running").withPodIP("10.1.2.3").endStatus().build();

        Pod afterStatus = client().updateStatus(Kind.PODS, withStatus);
        assertThat(afterStatus.getStatus().getPhase()).isEqualTo("Running");
        assertThat(afterStatus.getStatus().getPodIP()).isEqualTo("10.1.2.3");
        assertThat(afterStatus.getSpec().getContainers().getFirst().getImage()).as("status writes keep the spec").isEqualTo("busybox:1.36");

        Pod mainWrite = new PodBuilder(afterStatus).editSpec().editFirstContainer().withImage("busybox:1.37").endContainer().endSpec()
                .editStatus().withPhase("Failed").endStatus().build();
        Pod afterMain = client().update(Kind.PODS, mainWrite);
        assertThat(afterMain.getSpec().getContainers().getFirst().getImage()).isEqualTo("busybox:1.37");
        assertThat(afterMain.getStatus().getPhase()).as("main writes keep the status").isEqualTo("Running");

        assertThatThrownBy(() -> client().updateStatus(Kind.PODS, pod(ns, "missing")))
                .satisfies(t -> assertThat(statusOf(t).code()).isEqualTo(404));
    }

    @Test
    void mergeJsonAndStrategicPatches() {
        String ns = freshNamespace();
        client().create(Kind.PODS, pod(ns, "p", "a", "b"));

        Pod merged = client().patch(Kind.PODS, ns, "p", Patch.merge("{\"metadata\":{\"labels\":{\"m\":\"1\"}}}"));
        assertThat(merged.getMetadata().getLabels()).containsEntry("m", "1").containsEntry("app", "p");

        Pod jsonPatched = client().patch(Kind.PODS, ns, "p", Patch.json("[{\"op\":\"add\",\"path\":\"/metadata/labels/j\",\"value\":\"2\"}]"));
        assertThat(jsonPatched.getMetadata().getLabels()).containsEntry("j", "2").containsEntry("m", "1");

        // Strategic merge merges containers by name: b's image changes, a stays.
        Pod strategic = client().patch(Kind.PODS, ns, "p",
                Patch.strategic("{\"spec\":{\"containers\":[{\"name\":\"b\",\"image\":\"busybox:1.37\"}]}}"));
        assertThat(strategic.getSpec().getContainers()).extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactly("a=busybox:1.36", "b=busybox:1.37");
        assertThat(rv(strategic)).isGreaterThan(rv(jsonPatched));

        assertThatThrownBy(() -> client().patch(Kind.PODS, ns, "missing", Patch.merge("{}")))
                .satisfies(t -> assertThat(statusOf(t).code()).isEqualTo(404));
        assertThatThrownBy(() -> client().patch(Kind.PODS, ns, "p", Patch.json("[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"q\"}]")))
                .satisfies(t -> assertThat(statusOf(t).code()).isBetween(400, 499));
    }

    @Test
    void statusPatchChangesOnlyStatus() {
        String ns = freshNamespace();
        client().create(Kind.PODS, pod(ns, "p"));
        Pod patched = client().patch(Kind.PODS, ns, "p", Patch.mergeStatus(
                "{\"status\":{\"phase\":\"Running\"},\"spec\":{\"activeDeadlineSeconds\":5}}"));
        assertThat(patched.getStatus().getPhase()).isEqualTo("Running");
        assertThat(patched.getSpec().getActiveDeadlineSeconds()).isNull();

        Pod mainPatch = client().patch(Kind.PODS, ns, "p", Patch.merge("{\"status\":{\"phase\":\"Failed\"}}"));
        assertThat(mainPatch.getStatus().getPhase()).isEqualTo("Running");
    }

    // ---------------------------------------------------------------- delete, bind, evict

    @Test
    void deleteOfAnObjectThatGoesAtOnceReturnsEmpty() {
        String ns = freshNamespace();
        client().create(Kind.CONFIGMAPS, configMap(ns, "a", Map.of(), Map.of()));
        assertThat(client().delete(Kind.CONFIGMAPS, ns, "a", new DeleteOptions())).isEmpty();
        assertThat(client().get(Kind.CONFIGMAPS, ns, "a")).isEmpty();
        assertThatThrownBy(() -> client().delete(Kind.CONFIGMAPS, ns, "a", new DeleteOptions()))
                .satisfies(t -> {
                    assertThat(statusOf(t).code()).isEqualTo(404);
                    assertThat(statusOf(t).reason()).isEqualTo("NotFound");
                });
    }

    @Test
    void deleteOfABoundPodIsGracefulAndReturnsThePod() {
        String ns = freshNamespace();
        Pod created = client().create(Kind.PODS, pod(ns, "p"));
        client().bind(ns, "p", created.getMetadata().getUid(), "node-a");

        Optional<Pod> marked = client().delete(Kind.PODS, ns, "p", new DeleteOptions());
        assertThat(marked).isPresent();
        assertThat(marked.get().getMetadata().getDeletionTimestamp()).isNotEmpty();
        assertThat(marked.get().getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
        assertThat(client().get(Kind.PODS, ns, "p")).isPresent();

        // The kubelet's confirmation: grace 0 removes it.
        assertThat(client().delete(Kind.PODS, ns, "p", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build())).isEmpty();
        assertThat(client().get(Kind.PODS, ns, "p")).isEmpty();
    }

    @Test
    void deleteOfAnObjectWithFinalizersReturnsItUntilTheyAreRemoved() {
        String ns = freshNamespace();
        ConfigMap held = new ConfigMapBuilder(configMap(ns, "held", Map.of(), Map.of())).editMetadata()
                .withFinalizers("example.com/hold").endMetadata().build();
        client().create(Kind.CONFIGMAPS, held);
        Optional<ConfigMap> marked = client().delete(Kind.CONFIGMAPS, ns, "held", new DeleteOptions());
        assertThat(marked).isPresent();
        assertThat(marked.get().getMetadata().getDeletionTimestamp()).isNotEmpty();
        assertThat(client().get(Kind.CONFIGMAPS, ns, "held")).isPresent();

        client().patch(Kind.CONFIGMAPS, ns, "held", Patch.merge("{\"metadata\":{\"finalizers\":null}}"));
        assertThat(client().get(Kind.CONFIGMAPS, ns, "held")).isEmpty();
    }

    @Test
    void deletePreconditionsAreChecked() {
        String ns = freshNamespace();
        client().create(Kind.CONFIGMAPS, configMap(ns, "a", Map.of(), Map.of()));
        DeleteOptions wrongUid = new DeleteOptionsBuilder().withNewPreconditions().withUid("not-the-uid").endPreconditions().build();
        assertThatThrownBy(() -> client().delete(Kind.CONFIGMAPS, ns, "a", wrongUid))
                .satisfies(t -> assertThat(statusOf(t).code()).isEqualTo(409));
        assertThat(client().get(Kind.CONFIGMAPS, ns, "a")).isPresent();
    }

    @Test
    void bindSetsTheNodeOnceAndChecksTheUid() {
        String ns = freshNamespace();
        Pod created = client().create(Kind.PODS, pod(ns, "p"));
        assertThatThrownBy(() -> client().bind(ns, "p", "some-other-uid", "node-a"))
                .satisfies(t -> assertThat(statusOf(t).code()).isEqualTo(409));

        client().bind(ns, "p", created.getMetadata().getUid(), "node-a");
        Pod bound = client().get(Kind.PODS, ns, "p").orElseThrow();
        assertThat(bound.getSpec().getNodeName()).isEqualTo("node-a");
        assertThat(bound.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getStatus()).isEqualTo("True");
        });

        assertThatThrownBy(() -> client().bind(ns, "p", "", "node-b"))
                .satisfies(t -> assertThat(statusOf(t).code()).isEqualTo(409));
        assertThat(client().get(Kind.PODS, ns, "p").orElseThrow().getSpec().getNodeName()).isEqualTo("node-a");

        assertThatThrownBy(() -> client().bind(ns, "missing", "", "node-a"))
                .satisfies(t -> assertThat(statusOf(t).code()).isEqualTo(404));
    }

    @Test
    void evictDeletesThePod() {
        String ns = freshNamespace();
        client().create(Kind.PODS, pod(ns, "p"));
        client().evict(ns, "p", new DeleteOptions());
        assertThat(client().get(Kind.PODS, ns, "p")).isEmpty();

        Pod bound = client().create(Kind.PODS, pod(ns, "q"));
        client().bind(ns, "q", bound.getMetadata().getUid(), "node-a");
        client().evict(ns, "q", new DeleteOptionsBuilder().withGracePeriodSeconds(7L).build());
        Pod terminating = client().get(Kind.PODS, ns, "q").orElseThrow();
        assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(7L);

        assertThatThrownBy(() -> client().evict(ns, "missing", new DeleteOptions()))
                .satisfies(t -> assertThat(statusOf(t).code()).isEqualTo(404));
    }

    // ---------------------------------------------------------------- watch

    @Test
    void watchFromEmptySendsCurrentStateThenChangesInOrder() {
        String ns = freshNamespace();
        client().create(Kind.CONFIGMAPS, configMap(ns, "a", Map.of(), Map.of()));
        client().create(Kind.CONFIGMAPS, configMap(ns, "b", Map.of(), Map.of()));
        Recorder<ConfigMap> events = new Recorder<>();
        try (WatchHandle ignored = client().watch(Kind.CONFIGMAPS, ns, WatchRequest.from(""), events)) {
            List<Event<ConfigMap>> initial = List.of(events.next(), events.next());
            assertThat(initial).extracting(Event::type).containsOnly(WatchHandler.EventType.ADDED);
            assertThat(initial).extracting(e -> e.object().getMetadata().getName()).containsExactlyInAnyOrder("a", "b");

            client().patch(Kind.CONFIGMAPS, ns, "a", Patch.merge("{\"data\":{\"n\":\"1\"}}"));
            client().create(Kind.CONFIGMAPS, configMap(ns, "c", Map.of(), Map.of()));
            client().delete(Kind.CONFIGMAPS, ns, "b", new DeleteOptions());

            Event<ConfigMap> modified = events.next();
            assertThat(modified.type()).isEqualTo(WatchHandler.EventType.MODIFIED);
            assertThat(modified.object().getMetadata().getName()).isEqualTo("a");
            assertThat(modified.object().getData()).containsEntry("n", "1");
            Event<ConfigMap> added = events.next();
            assertThat(added.type()).isEqualTo(WatchHandler.EventType.ADDED);
            assertThat(added.object().getMetadata().getName()).isEqualTo("c");
            Event<ConfigMap> deleted = events.next();
            assertThat(deleted.type()).isEqualTo(WatchHandler.EventType.DELETED);
            assertThat(deleted.object().getMetadata().getName()).isEqualTo("b");
            assertThat(rv(modified.object())).isLessThan(rv(added.object()));
        }
        events.awaitClose();
    }

    @Test
    void watchFromAListResourceVersionSeesOnlyLaterChanges() {
        String ns = freshNamespace();
        client().create(Kind.CONFIGMAPS, configMap(ns, "before", Map.of(), Map.of()));
        ObjectList<ConfigMap> list = client().list(Kind.CONFIGMAPS, ns, ListRequest.ALL);
        // Written after the list but before the watch starts: the watch must still deliver it.
        client().create(Kind.CONFIGMAPS, configMap(ns, "between", Map.of(), Map.of()));
        Recorder<ConfigMap> events = new Recorder<>();
        try (WatchHandle ignored = client().watch(Kind.CONFIGMAPS, ns, WatchRequest.from(list.resourceVersion()), events)) {
            client().create(Kind.CONFIGMAPS, configMap(ns, "after", Map.of(), Map.of()));
            Event<ConfigMap> first = events.next();
            assertThat(first.type()).isEqualTo(WatchHandler.EventType.ADDED);
            assertThat(first.object().getMetadata().getName()).isEqualTo("between");
            assertThat(events.next().object().getMetadata().getName()).isEqualTo("after");
        }
    }

    @Test
    void watchWithSelectorsSeesObjectsEnterAndLeave() {
        String ns = freshNamespace();
        Pod p1 = client().create(Kind.PODS, pod(ns, "p1"));
        Pod p2 = client().create(Kind.PODS, pod(ns, "p2"));
        Pod p3 = client().create(Kind.PODS, pod(ns, "p3"));
        String rv = client().list(Kind.PODS, ns, ListRequest.ALL).resourceVersion();
        Recorder<Pod> onNodeA = new Recorder<>();
        try (WatchHandle ignored = client().watch(Kind.PODS, ns, WatchRequest.from(rv).withFields("spec.nodeName=node-a"), onNodeA)) {
            client().bind(ns, "p1", p1.getMetadata().getUid(), "node-a");
            client().bind(ns, "p2", p2.getMetadata().getUid(), "node-b");
            client().bind(ns, "p3", p3.getMetadata().getUid(), "node-a");
            Event<Pod> first = onNodeA.next();
            assertThat(first.type()).as("entering the selection is an ADDED").isEqualTo(WatchHandler.EventType.ADDED);
            assertThat(first.object().getMetadata().getName()).isEqualTo("p1");
            assertThat(first.object().getSpec().getNodeName()).isEqualTo("node-a");
            // p2 went to node-b and is not seen: the next event is p3's.
            assertThat(onNodeA.next().object().getMetadata().getName()).isEqualTo("p3");
        }

        Recorder<Pod> labelled = new Recorder<>();
        try (WatchHandle ignored = client().watch(Kind.PODS, ns, WatchRequest.from("").withLabels("app in (p2,p3)"), labelled)) {
            assertThat(List.of(labelled.next(), labelled.next())).extracting(e -> e.object().getMetadata().getName())
                    .containsExactlyInAnyOrder("p2", "p3");
            client().patch(Kind.PODS, ns, "p2", Patch.merge("{\"metadata\":{\"labels\":{\"app\":\"other\"}}}"));
            Event<Pod> left = labelled.next();
            assertThat(left.type()).as("leaving the selection is a DELETED").isEqualTo(WatchHandler.EventType.DELETED);
            assertThat(left.object().getMetadata().getName()).isEqualTo("p2");
        }
    }

    @Test
    void watchOfAllNamespacesAndClusterScopedKinds() {
        String ns = freshNamespace();
        String label = "w-" + ns;
        String rv = client().list(Kind.CONFIGMAPS, "", ListRequest.ALL.page(1, "")).resourceVersion();
        Recorder<ConfigMap> everywhere = new Recorder<>();
        try (WatchHandle ignored = client().watch(Kind.CONFIGMAPS, "", WatchRequest.from(rv).withLabels("suite=" + label), everywhere)) {
            client().create(Kind.CONFIGMAPS, configMap(ns, "x", Map.of("suite", label), Map.of()));
            Event<ConfigMap> e = everywhere.next();
            assertThat(e.object().getMetadata().getNamespace()).isEqualTo(ns);
        }

        String nodeName = "node-" + ns;
        Recorder<Node> nodes = new Recorder<>();
        try (WatchHandle ignored = client().watch(Kind.NODES, "", WatchRequest.from("").withFields("metadata.name=" + nodeName), nodes)) {
            client().create(Kind.NODES, new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata().build());
            Event<Node> added = nodes.next();
            assertThat(added.type()).isEqualTo(WatchHandler.EventType.ADDED);
            assertThat(added.object().getMetadata().getName()).isEqualTo(nodeName);
            client().delete(Kind.NODES, "", nodeName, new DeleteOptions());
            assertThat(nodes.next().type()).isEqualTo(WatchHandler.EventType.DELETED);
        }
    }

    @Test
    void watchFromACompactedResourceVersionEndsWithExpired() {
        String ns = freshNamespace();
        ConfigMap first = client().create(Kind.CONFIGMAPS, configMap(ns, "a", Map.of(), Map.of()));
        client().patch(Kind.CONFIGMAPS, ns, "a", Patch.merge("{\"data\":{\"n\":\"1\"}}"));
        client().patch(Kind.CONFIGMAPS, ns, "a", Patch.merge("{\"data\":{\"n\":\"2\"}}"));
        compactStore();
        Recorder<ConfigMap> events = new Recorder<>();
        WatchHandle handle = client().watch(Kind.CONFIGMAPS, ns, WatchRequest.from(first.getMetadata().getResourceVersion()), events);
        try {
            Optional<StatusException> end = events.awaitClose();
            assertThat(end).isPresent();
            assertThat(end.get().code()).isEqualTo(410);
            assertThat(end.get().reason()).isEqualTo("Expired");
            assertThat(events.events).as("no events before the error").isEmpty();
        } finally {
            handle.close();
        }
        assertThat(events.closes.get()).isEqualTo(1);
    }

    @Test
    void closeEndsTheWatchWithOneEmptyClose() {
        String ns = freshNamespace();
        client().create(Kind.CONFIGMAPS, configMap(ns, "a", Map.of(), Map.of()));
        Recorder<ConfigMap> events = new Recorder<>();
        WatchHandle handle = client().watch(Kind.CONFIGMAPS, ns, WatchRequest.from(""), events);
        assertThat(events.next().object().getMetadata().getName()).isEqualTo("a");
        handle.close();
        assertThat(events.awaitClose()).isEmpty();
        handle.close();
        assertThat(events.closes.get()).isEqualTo(1);

        // Changes after the close are not delivered; a second watch proves they happened.
        client().create(Kind.CONFIGMAPS, configMap(ns, "b", Map.of(), Map.of()));
        Recorder<ConfigMap> again = new Recorder<>();
        try (WatchHandle ignored = client().watch(Kind.CONFIGMAPS, ns, WatchRequest.from(""), again)) {
            assertThat(List.of(again.next(), again.next())).extracting(e -> e.object().getMetadata().getName()).containsExactlyInAnyOrder("a", "b");
        }
        assertThat(events.events).isEmpty();
        assertThat(events.closes.get()).isEqualTo(1);
    }

    @Test
    void watchOfAnInvalidSelectorEndsWithBadRequest() {
        String ns = freshNamespace();
        Recorder<ConfigMap> events = new Recorder<>();
        try (WatchHandle ignored = client().watch(Kind.CONFIGMAPS, ns, WatchRequest.from("").withLabels("a in (b"), events)) {
            Optional<StatusException> end = events.awaitClose();
            assertThat(end).isPresent();
            assertThat(end.get().code()).isEqualTo(400);
        }
        assertThat(events.closes.get()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- watch recording

    /** One delivered watch event. */
    public record Event<T>(WatchHandler.EventType type, T object) {}

    /** Records a watch's events and its end, and waits (bounded) for them. */
    public static final class Recorder<T> implements WatchHandler<T> {
        final BlockingQueue<Event<T>> events = new LinkedBlockingQueue<>();
        final BlockingQueue<String> bookmarks = new LinkedBlockingQueue<>();
        final AtomicInteger closes = new AtomicInteger();
        private final AtomicReference<Optional<StatusException>> closedWith = new AtomicReference<>();
        private final Object closeSignal = new Object();

        @Override
        public void onEvent(EventType type, T object) {
            events.add(new Event<>(type, object));
        }

        @Override
        public void onBookmark(String resourceVersion) {
            bookmarks.add(resourceVersion);
        }

        @Override
        public void onClose(Optional<StatusException> error) {
            closes.incrementAndGet();
            synchronized (closeSignal) {
                closedWith.compareAndSet(null, error);
                closeSignal.notifyAll();
            }
        }

        /** The next event; fails when none comes within {@link #WAIT}. */
        public Event<T> next() {
            try {
                Event<T> e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (e == null) fail("no watch event within " + WAIT + (closedWith.get() != null ? "; the watch ended with " + closedWith.get() : ""));
                return e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** How the watch ended; fails when it does not end within {@link #WAIT}. */
        public Optional<StatusException> awaitClose() {
            long deadline = System.nanoTime() + WAIT.toNanos();
            synchronized (closeSignal) {
                while (closedWith.get() == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) fail("the watch did not end within " + WAIT);
                    try {
                        TimeUnit.NANOSECONDS.timedWait(closeSignal, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                }
                return closedWith.get();
            }
        }
    }
}
