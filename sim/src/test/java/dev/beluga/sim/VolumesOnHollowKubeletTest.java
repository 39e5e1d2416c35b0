package dev.beluga.sim;

import dev.beluga.kubelet.network.Ipv4Cidr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.apiserver.testing.LocalApiServer;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.kubelet.InformerPodSource;
import dev.beluga.kubelet.Kubelet;
import dev.beluga.kubelet.KubeletConfig;
import dev.beluga.kubelet.KubeletTimings;
import dev.beluga.kubelet.MachineInfo;
import dev.beluga.kubelet.pod.RuntimeLabels;
import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.ContainerFilter;
import dev.beluga.kubelet.runtime.KeyValue;
import dev.beluga.kubelet.runtime.Mount;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet's volume, env and security paths end to end on a hollow node: volumes wait for their
 * configMap with FailedMount events, land under the root dir and reach the CRI config as mounts;
 * missing env sources and runAsNonRoot on a root image leave the container in
 * CreateContainerConfigError with upstream's messages.
 */
class VolumesOnHollowKubeletTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;
    private ScheduledExecutorService timers;
    private SimulatedRuntime sim;
    private LocalApiServer api;
    private InformerFactory informers;
    private Kubelet kubelet;
    private Client client;

    @BeforeEach
    void start() {
        timers = Executors.newSingleThreadScheduledExecutor();
        sim = new SimulatedRuntime(Ipv4Cidr.parse("10.251.0.0/24"), Duration.ZERO, timers, Clock.systemUTC());
        KubeletConfig base = KubeletConfig.of("vol-node", "192.168.51.2", "10.251.0.0/24",
                Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi"), "pods", new Quantity("110")), MachineInfo.simulated("vol-node"))
                .withTimings(new KubeletTimings(Duration.ofSeconds(10), 40, Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO))
                .withRestartBackOff(dev.beluga.kubelet.pod.RestartBackOff.of(Duration.ofMillis(200), Duration.ofMillis(400)));
        KubeletConfig config = base.withPodSettings(base.podSettings().withRootDir(root));
        api = LocalApiServer.start();
        client = api.client();
        informers = new InformerFactory(client);
        InformerPodSource source = new InformerPodSource(informers, "vol-node");
        informers.start();
        kubelet = Kubelet.start(client, config, sim, source);
    }

    @AfterEach
    void stop() {
        kubelet.close();
        informers.close();
        api.close();
        timers.shutdownNow();
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        return HollowKubeletFixture.await(WAIT, what, probe, done);
    }

    private Pod bind(Pod pod) {
        Pod p = client.create(Kind.PODS, pod);
        client.bind("default", p.getMetadata().getName(), p.getMetadata().getUid(), "vol-node");
        return p;
    }

    private String phase(String name) {
        return client.get(Kind.PODS, "default", name).map(p -> p.getStatus() == null ? "" : String.valueOf(p.getStatus().getPhase())).orElse("gone");
    }

    private Optional<ContainerStateWaiting> waiting(String name) {
        return client.get(Kind.PODS, "default", name).map(Pod::getStatus).filter(s -> s.getContainerStatuses() != null && !s.getContainerStatuses().isEmpty())
                .map(s -> s.getContainerStatuses().getFirst().getState()).filter(s -> s != null && s.getWaiting() != null).map(s -> s.getWaiting());
    }

    private boolean event(String pod, String reason, String message) {
        return client.list(Kind.EVENTS, "default", ListRequest.ALL).items().stream().anyMatch(e -> e.getInvolvedObject().getName().equals(pod)
                && reason.equals(e.getReason()) && message.equals(e.getMessage()));
    }

    private ContainerConfig configOf(String uid, String container) {
        String id = sim.listContainers(ContainerFilter.all()).stream()
                .filter(c -> uid.equals(c.labels().get(RuntimeLabels.POD_UID)) && c.metadata().name().equals(container))
                .findFirst().orElseThrow().id();
        return sim.containerConfig(id).orElseThrow();
    }

    @Test
    void volumesWaitForTheirConfigMapThenMountIntoTheContainerAndGoWithThePod() throws InterruptedException, java.io.IOException {
        Pod p = bind(new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("busybox:1.35")
                .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef().withName("app-config").withKey("mode").endConfigMapKeyRef().endValueFrom().endEnv()
                .withNewResources().withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("64Mi"))).endResources()
                .addNewVolumeMount().withName("conf").withMountPath("/etc/app").endVolumeMount()
                .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("conf").withNewConfigMap().withName("app-config").endConfigMap().endVolume()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build());
        String uid = p.getMetadata().getUid();
        await("FailedMount", () -> event("web", "FailedMount", "MountVolume.SetUp failed for volume \"conf\" : configmap \"app-config\" not found"), b -> b);
        // The status is written after the event, in the same sync.
        await("web ContainerCreating", () -> waiting("web").map(ContainerStateWaiting::getReason), r -> r.filter("ContainerCreating"::equals).isPresent());
        assertThat(phase("web")).isEqualTo("Pending");
        assertThat(sim.listContainers(ContainerFilter.all())).isEmpty();

        client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("app-config").withNamespace("default").endMetadata()
                .withData(Map.of("mode", "fast", "app.conf", "x=1")).build());
        await("web running", () -> phase("web"), "Running"::equals);

        Path conf = root.resolve("pods").resolve(uid).resolve("volumes/kubernetes.io~configmap/conf");
        Path scratch = root.resolve("pods").resolve(uid).resolve("volumes/kubernetes.io~empty-dir/scratch");
        assertThat(Files.readString(conf.resolve("app.conf"))).isEqualTo("x=1");
        assertThat(scratch).isDirectory();
        ContainerConfig c = configOf(uid, "app");
        Path hosts = root.resolve("pods").resolve(uid).resolve("etc-hosts");
        assertThat(c.mounts()).containsExactly(new Mount("/etc/app", conf.toString(), true, false, Mount.Propagation.PRIVATE),
                new Mount("/scratch", scratch.toString(), false, false, Mount.Propagation.PRIVATE),
                new Mount("/etc/hosts", hosts.toString(), false, true, Mount.Propagation.PRIVATE));
        String podIp = client.get(Kind.PODS, "default", "web").orElseThrow().getStatus().getPodIP();
        assertThat(Files.readString(hosts)).startsWith("# Kubernetes-managed hosts file.\n").endsWith(podIp + "\tweb\n");
        assertThat(c.envs()).contains(new KeyValue("MODE", "fast"));
        assertThat(c.resources()).hasValueSatisfying(r -> {
            assertThat(r.cpuQuota()).isEqualTo(50_000);
            assertThat(r.cpuShares()).isEqualTo(512);
            assertThat(r.memoryLimitInBytes()).isEqualTo(64L << 20);
            assertThat(r.oomScoreAdj()).isEqualTo(-997);
        });
        assertThat(c.security()).hasValueSatisfying(s -> assertThat(s.runAsUser()).contains(0L));

        client.delete(Kind.PODS, "default", "web", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
        await("web gone", () -> phase("web"), "gone"::equals);
        await("its volumes removed", () -> Files.exists(root.resolve("pods").resolve(uid)), exists -> !exists);
    }

    @Test
    void aConfigMapDeletedUnderARunningPodDoesNotStopItsRestarts() throws InterruptedException {
        client.create(Kind.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("flaky-config").withNamespace("default").endMetadata()
                .withData(Map.of("k", "v")).build());
        // The container exits a second after each start; restartPolicy Always restarts it.
        bind(new PodBuilder().withNewMetadata().withName("flaky").withNamespace("default")
                .withAnnotations(Map.of(SimExit.EXIT_CODE, "1", SimExit.EXIT_AFTER, "1s")).endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("busybox:1.35").addNewVolumeMount().withName("conf").withMountPath("/etc/c").endVolumeMount()
                .endContainer().addNewVolume().withName("conf").withNewConfigMap().withName("flaky-config").endConfigMap().endVolume().endSpec().build());
        await("flaky running", () -> phase("flaky"), "Running"::equals);
        client.delete(Kind.CONFIGMAPS, "default", "flaky-config", new DeleteOptionsBuilder().build());
        await("the refresh's FailedMount", () -> event("flaky", "FailedMount",
                "MountVolume.SetUp failed for volume \"conf\" : configmap \"flaky-config\" not found"), b -> b);
        int before = restarts("flaky");
        // The volume was set up before: a failed refresh keeps it, and the container keeps being restarted.
        await("more restarts", () -> restarts("flaky"), n -> n >= before + 2);
    }

    private int restarts(String name) {
        return client.get(Kind.PODS, "default", name).map(Pod::getStatus).filter(s -> s.getContainerStatuses() != null && !s.getContainerStatuses().isEmpty())
                .map(s -> s.getContainerStatuses().getFirst().getRestartCount()).orElse(0);
    }

    @Test
    void missingEnvSourcesAndRootImagesUnderRunAsNonRootAreCreateContainerConfigErrors() throws InterruptedException {
        Pod p = bind(new PodBuilder().withNewMetadata().withName("strict").withNamespace("default").endMetadata().withNewSpec()
                .withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext()
                .addNewContainer().withName("app").withImage("busybox:1.35").endContainer().endSpec().build());
        String expected = "container has runAsNonRoot and image will run as root (pod: \"strict_default(" + p.getMetadata().getUid() + ")\", container: app)";
        ContainerStateWaiting w = await("CreateContainerConfigError", () -> waiting("strict"),
                o -> o.filter(x -> "CreateContainerConfigError".equals(x.getReason())).isPresent()).orElseThrow();
        assertThat(w.getMessage()).isEqualTo(expected);
        await("the Failed event", () -> event("strict", "Failed", "Error: " + expected), b -> b);

        bind(new PodBuilder().withNewMetadata().withName("needs-secret").withNamespace("default").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("busybox:1.35").addNewEnv().withName("PASS").withNewValueFrom().withNewSecretKeyRef()
                .withName("db").withKey("password").endSecretKeyRef().endValueFrom().endEnv().endContainer().endSpec().build());
        ContainerStateWaiting w2 = await("CreateContainerConfigError", () -> waiting("needs-secret"),
                o -> o.filter(x -> "CreateContainerConfigError".equals(x.getReason())).isPresent()).orElseThrow();
        assertThat(w2.getMessage()).isEqualTo("secret \"db\" not found");
        assertThat(phase("needs-secret")).isEqualTo("Pending");

        // Once the secret exists the container starts on the kubelet's retry, without any change to the pod.
        client.create(Kind.SECRETS, new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .withData(Map.of("password", java.util.Base64.getEncoder().encodeToString("pw".getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build());
        await("needs-secret running", () -> phase("needs-secret"), "Running"::equals);
        String uid = client.get(Kind.PODS, "default", "needs-secret").orElseThrow().getMetadata().getUid();
        assertThat(configOf(uid, "app").envs()).contains(new KeyValue("PASS", "pw"));
    }
}
