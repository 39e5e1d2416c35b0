package dev.beluga.sim;

import dev.beluga.kubelet.network.Ipv4Cidr;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.kubelet.InformerPodSource;
import dev.beluga.kubelet.Kubelet;
import dev.beluga.kubelet.KubeletConfig;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Probes and lifecycle hooks end to end: a kubelet on the simulated runtime against a local API server. */
class ProbesOnHollowKubeletTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ScheduledExecutorService timers;
    private static LocalApiServer api;
    private static InformerFactory informers;
    private static Kubelet kubelet;
    private static HttpServer http;

    @BeforeAll
    static void start() throws IOException {
        timers = Executors.newSingleThreadScheduledExecutor();
        SimulatedRuntime sim = new SimulatedRuntime(Ipv4Cidr.parse("10.251.0.0/24"), Duration.ZERO, timers, Clock.systemUTC());
        KubeletConfig config = HollowKubeletFixture.config("prober", "192.168.51.2", "10.251.0.0/24");
        api = LocalApiServer.start();
        informers = new InformerFactory(api.client());
        InformerPodSource source = new InformerPodSource(informers, "prober");
        informers.start();
        kubelet = Kubelet.start(api.client(), config, sim, source);
        // A loopback endpoint answering 500: probes may reach loopback, so an httpGet probe can point at it.
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        http.start();
    }

    @AfterAll
    static void stop() {
        if (http != null) http.stop(0);
        if (kubelet != null) kubelet.close();
        if (informers != null) informers.close();
        if (api != null) api.close();
        timers.shutdownNow();
    }

    private static Client client() {
        return api.client();
    }

    private static Probe exec(String command, int failureThreshold) {
        return new ProbeBuilder().withNewExec().withCommand(command).endExec().withPeriodSeconds(1).withFailureThreshold(failureThreshold)
                .withSuccessThreshold(1).withTimeoutSeconds(1).build();
    }

    private static Pod run(String name, String restartPolicy, ContainerBuilder container) {
        Pod p = client().create(Kind.PODS, new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(5L)
                .withContainers(container.withName("app").withImage("busybox:1.35").build()).endSpec().build());
        client().bind("default", name, p.getMetadata().getUid(), "prober");
        return p;
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        return HollowKubeletFixture.await(WAIT, what, probe, done);
    }

    private static Optional<Pod> pod(String name) {
        return client().get(Kind.PODS, "default", name);
    }

    private static Optional<ContainerStatus> app(String name) {
        return pod(name).flatMap(p -> p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? Optional.empty()
                : p.getStatus().getContainerStatuses().stream().findFirst());
    }

    private static String condition(String name, String type) {
        return pod(name).flatMap(p -> p.getStatus() == null || p.getStatus().getConditions() == null ? Optional.empty()
                : p.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).map(PodCondition::getStatus).findFirst()).orElse("");
    }

    private static List<Event> events(String name, String reason) {
        return client().list(Kind.EVENTS, "default", ListRequest.ALL).items().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(name) && reason.equals(e.getReason())).toList();
    }

    @Test
    void aPassingReadinessProbeMakesThePodReady() throws InterruptedException {
        run("ready", "Always", new ContainerBuilder().withReadinessProbe(exec("true", 1)).withStartupProbe(exec("true", 1)));
        await("ready", () -> condition("ready", "Ready"), "True"::equals);
        ContainerStatus s = app("ready").orElseThrow();
        assertThat(s.getStarted()).isTrue();
        assertThat(s.getReady()).isTrue();
    }

    @Test
    void aFailingReadinessProbeKeepsThePodUnreadyAndSaysWhy() throws InterruptedException {
        int port = http.getAddress().getPort();
        // A generous timeout: with 1 s, a first request slowed by a busy machine failed as "context deadline exceeded", and
        // that event, not the 500's, was the one found.
        Probe failing = new ProbeBuilder().withNewHttpGet().withHost("127.0.0.1").withPath("/healthz").withPort(new IntOrString(port)).endHttpGet()
                .withPeriodSeconds(1).withFailureThreshold(1).withTimeoutSeconds(30).build();
        run("unready", "Always", new ContainerBuilder().withReadinessProbe(failing));
        await("the probe's failure event", () -> events("unready", "Unhealthy"), l -> !l.isEmpty());
        assertThat(events("unready", "Unhealthy")).extracting(Event::getMessage)
                .contains("Readiness probe failed: HTTP probe failed with statuscode: 500");
        await("running", () -> app("unready").map(s -> s.getState().getRunning() != null).orElse(false), b -> b);
        assertThat(condition("unready", "Ready")).isEqualTo("False");
        assertThat(condition("unready", "ContainersReady")).isEqualTo("False");
        assertThat(app("unready").orElseThrow().getReady()).isFalse();
        assertThat(app("unready").orElseThrow().getStarted()).isTrue();
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainer() throws InterruptedException {
        run("dying", "Always", new ContainerBuilder().withLivenessProbe(exec("false", 2)));
        await("a restart", () -> app("dying").map(ContainerStatus::getRestartCount).orElse(0), n -> n >= 1);
        // Events are written by the recorder's own threads, so they may land after the restart shows in the status.
        await("the Killing event", () -> events("dying", "Killing"), l -> !l.isEmpty());
        assertThat(events("dying", "Killing")).extracting(Event::getMessage).contains("Container app failed liveness probe, will be restarted");
        await("the Unhealthy event", () -> events("dying", "Unhealthy"), l -> !l.isEmpty());
        assertThat(events("dying", "Unhealthy")).extracting(Event::getMessage).contains("Liveness probe failed: ");
    }

    @Test
    void aFailingPostStartHookKillsTheContainer() throws InterruptedException {
        run("hooked", "Always", new ContainerBuilder().withNewLifecycle().withNewPostStart().withNewExec().withCommand("false").endExec()
                .endPostStart().endLifecycle());
        await("the hook's failure event", () -> events("hooked", "FailedPostStartHook"), l -> !l.isEmpty());
        assertThat(events("hooked", "FailedPostStartHook").getFirst().getMessage())
                .startsWith("Exec lifecycle hook ([false]) for Container \"app\" in Pod \"hooked_default(")
                .contains("exited with 1");
        await("the container killed", () -> events("hooked", "Killing"), l -> l.stream().anyMatch(e -> e.getMessage().equals("FailedPostStartHook")));
    }

    @Test
    void aFailingPreStopHookIsReportedAndThePodStillGoes() throws InterruptedException {
        run("stopping", "Always", new ContainerBuilder().withNewLifecycle().withNewPreStop().withNewExec().withCommand("false").endExec()
                .endPreStop().endLifecycle());
        await("running", () -> app("stopping").map(s -> s.getState().getRunning() != null).orElse(false), b -> b);
        client().delete(Kind.PODS, "default", "stopping", new DeleteOptionsBuilder().build());
        await("gone", () -> pod("stopping").isPresent(), present -> !present);
        await("the hook's failure event", () -> events("stopping", "FailedPreStopHook"), l -> !l.isEmpty());
    }
}
