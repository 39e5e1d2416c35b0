package dev.beluga.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultingTest {
    @AfterEach
    void resetTolerationSeconds() {
        Defaulting.defaultNotReadyTolerationSeconds = 300;
        Defaulting.defaultUnreachableTolerationSeconds = 300;
    }

    @Test
    void podSpecDefaults() {
        Pod pod = Fixtures.pod();
        Defaulting.apply(pod);
        var spec = pod.getSpec();
        assertThat(spec.getRestartPolicy()).isEqualTo("Always");
        assertThat(spec.getDnsPolicy()).isEqualTo("ClusterFirst");
        assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(spec.getSchedulerName()).isEqualTo("default-scheduler");
        assertThat(spec.getSecurityContext()).isNotNull();
        assertThat(spec.getEnableServiceLinks()).isTrue();
        assertThat(spec.getPriority()).isZero();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");
    }

    @Test
    void containerDefaults() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setPorts(java.util.List.of(new io.fabric8.kubernetes.api.model.ContainerPort(80, null, null, null, null)));
        Defaulting.apply(pod);
        var c = pod.getSpec().getContainers().get(0);
        assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(c.getResources()).isNotNull();
        assertThat(c.getPorts().get(0).getProtocol()).isEqualTo("TCP");
    }

    @Test
    void pullPolicyFollowsTheTag() {
        assertThat(PodSpecDefaults.pullPolicyFor("busybox")).isEqualTo("Always");
        assertThat(PodSpecDefaults.pullPolicyFor("busybox:latest")).isEqualTo("Always");
        assertThat(PodSpecDefaults.pullPolicyFor("localhost:5000/busybox")).isEqualTo("Always");
        assertThat(PodSpecDefaults.pullPolicyFor("localhost:5000/busybox:1.36")).isEqualTo("IfNotPresent");
        assertThat(PodSpecDefaults.pullPolicyFor("busybox@sha256:abc")).isEqualTo("IfNotPresent");
    }

    @Test
    void probeDefaults() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setLivenessProbe(new ProbeBuilder().withNewHttpGet().withPort(new IntOrString(8080)).endHttpGet().build());
        Defaulting.apply(pod);
        var p = pod.getSpec().getContainers().get(0).getLivenessProbe();
        assertThat(p.getTimeoutSeconds()).isEqualTo(1);
        assertThat(p.getPeriodSeconds()).isEqualTo(10);
        assertThat(p.getSuccessThreshold()).isEqualTo(1);
        assertThat(p.getFailureThreshold()).isEqualTo(3);
        assertThat(p.getHttpGet().getScheme()).isEqualTo("HTTP");
        assertThat(p.getHttpGet().getPath()).isEqualTo("/");
    }

    @Test
    void volumeDefaultModes() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setVolumes(java.util.List.of(
                new VolumeBuilder().withName("c").withNewConfigMap().withName("cm").endConfigMap().build(),
                new VolumeBuilder().withName("s").withNewSecret().withSecretName("s").endSecret().build(),
                new VolumeBuilder().withName("e").build()));
        Defaulting.apply(pod);
        assertThat(pod.getSpec().getVolumes().get(0).getConfigMap().getDefaultMode()).isEqualTo(420);
        assertThat(pod.getSpec().getVolumes().get(1).getSecret().getDefaultMode()).isEqualTo(420);
        assertThat(pod.getSpec().getVolumes().get(2).getEmptyDir()).isNotNull();
    }

    @Test
    void envFieldRefGetsApiVersion() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setEnv(java.util.List.of(new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                .withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom().build()));
        Defaulting.apply(pod);
        assertThat(pod.getSpec().getContainers().get(0).getEnv().get(0).getValueFrom().getFieldRef().getApiVersion()).isEqualTo("v1");
    }

    @Test
    void defaultTolerationsAreAddedOnce() {
        Pod pod = Fixtures.pod();
        Defaulting.apply(pod);
        Defaulting.apply(pod);
        assertThat(pod.getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getOperator, Toleration::getEffect, Toleration::getTolerationSeconds)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/not-ready", "Exists", "NoExecute", 300L),
                        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "Exists", "NoExecute", 300L));
    }

    @Test
    void defaultTolerationSecondsIsSettable() {
        Defaulting.defaultNotReadyTolerationSeconds = 5;
        Defaulting.defaultUnreachableTolerationSeconds = 5;
        Pod pod = Fixtures.pod();
        Defaulting.apply(pod);
        assertThat(pod.getSpec().getTolerations()).allSatisfy(t -> assertThat(t.getTolerationSeconds()).isEqualTo(5L));
    }

    @Test
    void existingNotReadyTolerationIsKept() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setTolerations(java.util.List.of(new TolerationBuilder().withKey("node.kubernetes.io/not-ready")
                .withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(10L).build()));
        Defaulting.apply(pod);
        assertThat(pod.getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getTolerationSeconds)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/not-ready", 10L),
                        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", 300L));
    }

    @Test
    void qosGuaranteedWhenLimitsOnly() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("64Mi")).build());
        Defaulting.apply(pod);
        assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(pod.getStatus().getQosClass()).isEqualTo("Guaranteed");
    }

    @Test
    void qosBurstableWhenRequestsBelowLimits() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m")).addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("1Gi")).build());
        assertThat(Defaulting.qosClass(pod.getSpec())).isEqualTo("Burstable");
    }

    @Test
    void deploymentDefaults() {
        Deployment d = Fixtures.deployment();
        Defaulting.apply(d);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("25%");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
        assertThat(d.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
        assertThat(d.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(d.getSpec().getTemplate().getSpec().getEnableServiceLinks()).as("pod-only default").isNull();
    }

    @Test
    void replicaSetDefaults() {
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("rs").endMetadata().withNewSpec().endSpec().build();
        Defaulting.apply(rs);
        assertThat(rs.getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void statefulSetDefaults() {
        StatefulSet s = Fixtures.statefulSet();
        Defaulting.apply(s);
        assertThat(s.getSpec().getReplicas()).isEqualTo(1);
        assertThat(s.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
        assertThat(s.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(s.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isZero();
        assertThat(s.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(s.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(s.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
    }

    @Test
    void namespaceDefaults() {
        Namespace n = new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build();
        Defaulting.apply(n);
        assertThat(n.getSpec().getFinalizers()).containsExactly("kubernetes");
        assertThat(n.getStatus().getPhase()).isEqualTo("Active");
        assertThat(n.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "team-a");
    }

    @Test
    void secretStringDataIsFoldedIntoData() {
        Secret s = new SecretBuilder().withNewMetadata().withName("s").endMetadata().addToData("a", "eA==")
                .withStringData(Map.of("b", "hello")).build();
        Defaulting.apply(s);
        assertThat(s.getType()).isEqualTo("Opaque");
        assertThat(s.getData()).containsEntry("a", "eA==").containsEntry("b", "aGVsbG8=");
        assertThat(s.getStringData()).isNull();
    }

    @Test
    void workloadTemplateContainersGetDefaults() {
        StatefulSet s = Fixtures.statefulSet();
        s.getSpec().getTemplate().getSpec().getContainers().add(new ContainerBuilder().withName("side").withImage("x").build());
        Defaulting.apply(s);
        assertThat(s.getSpec().getTemplate().getSpec().getContainers().get(1).getImagePullPolicy()).isEqualTo("Always");
    }
}
