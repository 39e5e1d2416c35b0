package dev.beluga.kubelet.pod;

import static dev.beluga.kubelet.pod.Fixtures.container;
import static dev.beluga.kubelet.pod.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.kubelet.runtime.ContainerConfig;
import dev.beluga.kubelet.runtime.KeyValue;
import dev.beluga.kubelet.runtime.NamespaceOptions;
import dev.beluga.kubelet.runtime.PortMapping;
import dev.beluga.kubelet.runtime.SandboxConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeConfigsTest {
    private static final PodRuntimeSettings DNS = new PodRuntimeSettings("/var/log/pods", List.of("10.96.0.10"), "cluster.local");

    @Test
    void theSandboxCarriesThePodsIdentityLabelsAndPorts() {
        Container web = new ContainerBuilder(container("web")).addNewPort().withContainerPort(80).withHostPort(8080).endPort()
                .addNewPort().withContainerPort(53).withProtocol("UDP").endPort().build();
        Pod p = new PodBuilder(pod("Always", web).build()).editMetadata().addToLabels("app", "web").addToAnnotations("note", "x").endMetadata().build();
        SandboxConfig s = RuntimeConfigs.sandbox(p, 2, DNS);
        assertThat(s.metadata().name()).isEqualTo("web");
        assertThat(s.metadata().uid()).isEqualTo("uid-1");
        assertThat(s.metadata().namespace()).isEqualTo("ns");
        assertThat(s.metadata().attempt()).isEqualTo(2);
        assertThat(s.hostname()).isEqualTo("web");
        assertThat(s.logDirectory()).isEqualTo("/var/log/pods/ns_web_uid-1");
        assertThat(s.labels()).containsEntry("app", "web").containsEntry(RuntimeLabels.POD_UID, "uid-1")
                .containsEntry(RuntimeLabels.POD_NAME, "web").containsEntry(RuntimeLabels.POD_NAMESPACE, "ns");
        assertThat(s.annotations()).containsEntry("note", "x");
        assertThat(s.portMappings()).containsExactly(new PortMapping(PortMapping.Protocol.TCP, 80, 8080, ""), new PortMapping(PortMapping.Protocol.UDP, 53, 0, ""));
        assertThat(s.namespaces()).isEqualTo(NamespaceOptions.podDefaults());
    }

    @Test
    void commandAndArgsExpandTheContainersVariablesAndKeepUnknownReferences() {
        Container c = new ContainerBuilder(container("app")).withCommand("sh", "-c", "echo $(GREETING) $$(GREETING)")
                .withArgs("--name=$(POD_NAME)", "--missing=$(NOPE)", "$(", "cost=$5")
                .withEnv(new EnvVarBuilder().withName("GREETING").withValue("hi").build(),
                        new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().build())
                .build();
        ContainerConfig config = RuntimeConfigs.container(pod("Always", c).build(), c, ContainerKind.REGULAR, 0, List.of(), List.of());
        assertThat(config.command()).containsExactly("sh", "-c", "echo hi $(GREETING)");
        assertThat(config.args()).containsExactly("--name=web", "--missing=$(NOPE)", "$(", "cost=$5");
    }

    @Test
    void hostnamesComeFromTheSpecOrThePodNameCutTo63() {
        Pod named = new PodBuilder(pod("Always", container("a")).build()).editSpec().withHostname("db-0").endSpec().build();
        assertThat(RuntimeConfigs.hostname(named)).isEqualTo("db-0");
        String longName = "x".repeat(62) + "-yyy";
        Pod longPod = new PodBuilder(pod("Always", container("a")).build()).editMetadata().withName(longName).endMetadata().build();
        assertThat(RuntimeConfigs.hostname(longPod)).isEqualTo("x".repeat(62));
    }

    @Test
    void clusterFirstDnsSearchesTheNamespace() {
        var dns = RuntimeConfigs.dns(pod("Always", container("a")).build(), DNS).orElseThrow();
        assertThat(dns.servers()).containsExactly("10.96.0.10");
        assertThat(dns.searches()).containsExactly("ns.svc.cluster.local", "svc.cluster.local", "cluster.local");
        assertThat(dns.options()).containsExactly("ndots:5");
        assertThat(RuntimeConfigs.dns(pod("Always", container("a")).build(), PodRuntimeSettings.defaults())).isEmpty();
        Pod none = new PodBuilder(pod("Always", container("a")).build()).editSpec().withDnsPolicy("None")
                .withNewDnsConfig().withNameservers("1.1.1.1").addNewOption("ndots", "2").endDnsConfig().endSpec().build();
        var own = RuntimeConfigs.dns(none, DNS).orElseThrow();
        assertThat(own.servers()).containsExactly("1.1.1.1");
        assertThat(own.options()).containsExactly("ndots:2");
    }

    @Test
    void containersCarryTheirRestartCountHashAndKind() {
        Container app = new ContainerBuilder(container("app")).withCommand("sh", "-c").withArgs("sleep 1").withWorkingDir("/w").build();
        ContainerConfig c = RuntimeConfigs.container(pod("Always", app).build(), app, ContainerKind.REGULAR, 3, List.of("10.1.1.2"), List.of("172.16.0.1"));
        assertThat(c.metadata().name()).isEqualTo("app");
        assertThat(c.metadata().attempt()).isEqualTo(3);
        assertThat(c.image().image()).isEqualTo("busybox:1.35");
        assertThat(c.command()).containsExactly("sh", "-c");
        assertThat(c.args()).containsExactly("sleep 1");
        assertThat(c.workingDir()).isEqualTo("/w");
        assertThat(c.logPath()).isEqualTo("app/3.log");
        assertThat(c.labels()).containsEntry(RuntimeLabels.CONTAINER_NAME, "app").containsEntry(RuntimeLabels.POD_UID, "uid-1");
        assertThat(c.annotations()).containsEntry(RuntimeLabels.CONTAINER_RESTART_COUNT, "3")
                .containsEntry(RuntimeLabels.CONTAINER_HASH, ContainerHash.of(app))
                .containsEntry(RuntimeLabels.CONTAINER_KIND, "regular");
    }

    @Test
    void environmentExpandsReferencesAndResolvesTheDownwardApi() {
        Container app = new ContainerBuilder(container("app")).withEnv(
                new EnvVarBuilder().withName("A").withValue("one").build(),
                new EnvVarBuilder().withName("B").withValue("$(A)-two-$(MISSING)-$$(A)").build(),
                new EnvVarBuilder().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().build())
                .build();
        Pod p = new PodBuilder(pod("Always", app).build()).editMetadata().addToLabels("app", "web").endMetadata().build();
        List<KeyValue> env = ContainerEnvironment.of(p, app, List.of("10.1.1.2"), List.of("172.16.0.1"), ReferencedObjects.none(), java.util.Map.of()).variables();
        assertThat(env).containsExactly(new KeyValue("A", "one"), new KeyValue("B", "one-two-$(MISSING)-$(A)"),
                new KeyValue("IP", "10.1.1.2"), new KeyValue("NODE", "node-1"), new KeyValue("APP", "web"));
    }

    @Test
    void aMissingConfigMapIsUpstreamsError() {
        Container app = new ContainerBuilder(container("app")).withEnv(new EnvVarBuilder().withName("X").withNewValueFrom()
                .withNewConfigMapKeyRef().withName("cm").withKey("k").endConfigMapKeyRef().endValueFrom().build()).build();
        assertThatThrownBy(() -> RuntimeConfigs.container(pod("Always", app).build(), app, ContainerKind.REGULAR, 0, List.of(), List.of()))
                .isInstanceOf(ContainerConfigException.class).hasMessage("configmap \"cm\" not found");
    }

    @Test
    void theManagedHostsFileIsMountedUnlessTheContainerMountsItsOwn() {
        Container app = container("app");
        ContainerInputs none = ContainerInputs.none();
        ContainerInputs in = new ContainerInputs(none.imageUser(), none.objects(), none.volumes(), none.allocatable(), 0, none.seccompRoot(),
                none.subPaths(), java.util.Optional.of(java.nio.file.Path.of("/k/pods/uid-1/etc-hosts")));
        ContainerConfig c = RuntimeConfigs.build(pod("Always", app).build(), app, ContainerKind.REGULAR, 0, List.of("10.1.1.2"), List.of(), in).config();
        assertThat(c.mounts()).containsExactly(new dev.beluga.kubelet.runtime.Mount("/etc/hosts", "/k/pods/uid-1/etc-hosts", false, true,
                dev.beluga.kubelet.runtime.Mount.Propagation.PRIVATE));
        Container own = new ContainerBuilder(app).addNewVolumeMount().withName("h").withMountPath("/etc/hosts").endVolumeMount().build();
        ContainerInputs withVolume = new ContainerInputs(none.imageUser(), none.objects(), java.util.Map.of("h", new dev.beluga.kubelet.volume.MountedVolume("h",
                dev.beluga.kubelet.volume.VolumeKind.HOST_PATH, java.nio.file.Path.of("/etc/hosts"))), none.allocatable(), 0, none.seccompRoot(),
                none.subPaths(), in.etcHosts());
        assertThat(RuntimeConfigs.build(pod("Always", own).build(), own, ContainerKind.REGULAR, 0, List.of("10.1.1.2"), List.of(), withVolume).config().mounts())
                .extracting(dev.beluga.kubelet.runtime.Mount::hostPath).containsExactly("/etc/hosts");
    }

    @Test
    void hashesFollowTheSpec() {
        Container a = container("app");
        assertThat(ContainerHash.of(a)).isEqualTo(ContainerHash.of(container("app"))).hasSize(16);
        assertThat(ContainerHash.of(new ContainerBuilder(a).withImage("other:1").build())).isNotEqualTo(ContainerHash.of(a));
    }
}
