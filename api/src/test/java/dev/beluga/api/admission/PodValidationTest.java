package dev.beluga.api.admission;

import static dev.beluga.api.resources.ResourceRegistry.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodValidationTest {
    private static List<String> errors(Pod pod) {
        return Fixtures.create(PODS, pod);
    }

    @Test
    void fullRealisticPodPasses() {
        Pod pod = new PodBuilder().withNewMetadata().withName("web-0").withNamespace("default").addToLabels("app", "web")
                .addToAnnotations("example.com/owner", "team").endMetadata()
                .withNewSpec()
                .addNewInitContainer().withName("init").withImage("busybox:1.36").withCommand("sh", "-c", "true").endInitContainer()
                .addNewInitContainer().withName("sidecar").withImage("busybox:1.36").withRestartPolicy("Always")
                .withReadinessProbe(new ProbeBuilder().withNewExec().withCommand("true").endExec().build()).endInitContainer()
                .addNewContainer().withName("app").withImage("registry.local/app:1.2.3")
                .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).build())
                .withEnv(new EnvVarBuilder().withName("MODE").withValue("prod").build(),
                        new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("creds").withKey("password").endSecretKeyRef().endValueFrom().build())
                .withResources(new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("64Mi"))
                        .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("128Mi")).build())
                .withLivenessProbe(new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http")).endHttpGet().build())
                .withVolumeMounts(new VolumeMountBuilder().withName("data").withMountPath("/data").build(),
                        new VolumeMountBuilder().withName("config").withMountPath("/etc/app").withReadOnly(true).build())
                .withNewSecurityContext().withRunAsUser(1000L).withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .endContainer()
                .withVolumes(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build(),
                        new VolumeBuilder().withName("config").withNewConfigMap().withName("app-config").endConfigMap().build())
                .addToNodeSelector("kubernetes.io/os", "linux")
                .withTolerations(new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("web").withEffect("NoSchedule").build())
                .withHostname("web-0").withSubdomain("web")
                .endSpec().build();
        assertThat(errors(pod)).isEmpty();
    }

    @Test
    void nameRequired() {
        Pod pod = Fixtures.pod();
        pod.getMetadata().setName(null);
        assertThat(errors(pod)).containsExactly("metadata.name: Required value: name or generateName is required");
    }

    @Test
    void nameMustBeSubdomain() {
        Pod pod = Fixtures.pod();
        pod.getMetadata().setName("Web");
        assertThat(errors(pod)).containsExactly("metadata.name: Invalid value: \"Web\": " + NameValidation.DNS1123_SUBDOMAIN_MSG);
    }

    @Test
    void containersRequired() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setContainers(List.of());
        assertThat(errors(pod)).containsExactly("spec.containers: Required value");
    }

    @Test
    void imageRequired() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setImage(null);
        assertThat(errors(pod)).containsExactly("spec.containers[0].image: Required value");
    }

    @Test
    void containerNamesUniqueAcrossInitContainers() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setInitContainers(List.of(new ContainerBuilder().withName("app").withImage("busybox:1.36").build()));
        assertThat(errors(pod)).containsExactly("spec.initContainers[0].name: Duplicate value: \"app\"");
    }

    @Test
    void containerNameMustBeLabel() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setName("App_1");
        assertThat(errors(pod)).containsExactly("spec.containers[0].name: Invalid value: \"App_1\": " + NameValidation.DNS1123_LABEL_MSG);
    }

    @Test
    void containerPortRequiredAndInRange() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setPorts(List.of(new ContainerPort(), new ContainerPortBuilder().withContainerPort(70000).build()));
        assertThat(errors(pod)).containsExactly(
                "spec.containers[0].ports[0].containerPort: Required value",
                "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive");
    }

    @Test
    void portProtocolSupported() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setPorts(List.of(new ContainerPortBuilder().withContainerPort(80).withProtocol("HTTP").build()));
        assertThat(errors(pod)).containsExactly(
                "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
    }

    @Test
    void portNamesUnique() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setPorts(List.of(new ContainerPortBuilder().withName("http").withContainerPort(80).build(),
                new ContainerPortBuilder().withName("http").withContainerPort(81).build()));
        assertThat(errors(pod)).containsExactly("spec.containers[0].ports[1].name: Duplicate value: \"http\"");
    }

    @Test
    void envNameRequired() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setEnv(List.of(new EnvVarBuilder().withValue("x").build()));
        assertThat(errors(pod)).containsExactly("spec.containers[0].env[0].name: Required value");
    }

    @Test
    void envValueFromNeedsOneSource() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setEnv(List.of(new EnvVarBuilder().withName("A").withNewValueFrom().endValueFrom().build()));
        assertThat(errors(pod)).containsExactly("spec.containers[0].env[0].valueFrom: Invalid value: \"\": "
                + "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
    }

    @Test
    void envValueFromWithValueRefused() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setEnv(List.of(new EnvVarBuilder().withName("A").withValue("v").withNewValueFrom()
                .withNewConfigMapKeyRef().withName("cm").withKey("k").endConfigMapKeyRef().endValueFrom().build()));
        assertThat(errors(pod)).containsExactly("spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty");
    }

    @Test
    void envFieldRefUnsupportedPath() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setEnv(List.of(new EnvVarBuilder().withName("A").withNewValueFrom()
                .withNewFieldRef().withFieldPath("status.phase").endFieldRef().endValueFrom().build()));
        assertThat(errors(pod)).singleElement().asString()
                .startsWith("spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"status.phase\": supported values: \"metadata.name\"");
    }

    @Test
    void volumeMountMustNameAVolume() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setVolumeMounts(List.of(new VolumeMountBuilder().withName("x").withMountPath("/x").build()));
        assertThat(errors(pod)).containsExactly("spec.containers[0].volumeMounts[0].name: Not found: \"x\"");
    }

    @Test
    void volumeMountPathRequiredAndUnique() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setVolumes(List.of(new VolumeBuilder().withName("v").withNewEmptyDir().endEmptyDir().build()));
        pod.getSpec().getContainers().get(0).setVolumeMounts(List.of(new VolumeMountBuilder().withName("v").withMountPath("/a").build(),
                new VolumeMountBuilder().withName("v").withMountPath("/a").build(), new VolumeMountBuilder().withName("v").build()));
        assertThat(errors(pod)).containsExactly(
                "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/a\": must be unique",
                "spec.containers[0].volumeMounts[2].mountPath: Required value");
    }

    @Test
    void volumeNamesUnique() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setVolumes(List.of(new VolumeBuilder().withName("v").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("v").withNewEmptyDir().endEmptyDir().build()));
        assertThat(errors(pod)).containsExactly("spec.volumes[1].name: Duplicate value: \"v\"");
    }

    @Test
    void hostPathNeedsPath() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setVolumes(List.of(new VolumeBuilder().withName("h").withNewHostPath().endHostPath().build()));
        assertThat(errors(pod)).containsExactly("spec.volumes[0].hostPath.path: Required value");
    }

    @Test
    void twoVolumeSourcesForbidden() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setVolumes(List.of(new VolumeBuilder().withName("h").withNewHostPath().withPath("/x").endHostPath()
                .withNewEmptyDir().endEmptyDir().build()));
        assertThat(errors(pod)).containsExactly("spec.volumes[0].emptyDir: Forbidden: may not specify more than 1 volume type");
    }

    @Test
    void persistentVolumeClaimNotSupported() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setVolumes(List.of(new VolumeBuilder().withName("p").withNewPersistentVolumeClaim().withClaimName("c").endPersistentVolumeClaim().build()));
        assertThat(errors(pod)).containsExactly("spec.volumes[0].persistentVolumeClaim: Unsupported value: \"persistentVolumeClaim\": "
                + "supported values: \"configMap\", \"downwardAPI\", \"emptyDir\", \"hostPath\", \"projected\", \"secret\"");
    }

    @Test
    void requestsMustNotExceedLimits() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("2")).addToLimits("cpu", new Quantity("1")).build());
        assertThat(errors(pod)).containsExactly("spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1");
    }

    @Test
    void negativeQuantityRefused() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setResources(new ResourceRequirementsBuilder().addToRequests("memory", new Quantity("-1")).build());
        assertThat(errors(pod)).containsExactly("spec.containers[0].resources.requests[memory]: Invalid value: \"-1\": must be greater than or equal to 0");
    }

    @Test
    void unknownResourceNameRefused() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setResources(new ResourceRequirementsBuilder().addToLimits("gpu", new Quantity("1")).build());
        assertThat(errors(pod)).contains("spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers");
    }

    @Test
    void restartPolicyValues() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setRestartPolicy("Sometimes");
        assertThat(errors(pod)).containsExactly("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
    }

    @Test
    void initContainerRestartPolicyOnlyAlways() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setInitContainers(List.of(new ContainerBuilder().withName("i").withImage("busybox:1.36").withRestartPolicy("Never").build()));
        assertThat(errors(pod)).containsExactly("spec.initContainers[0].restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
    }

    @Test
    void regularContainerRestartPolicyForbidden() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setRestartPolicy("Always");
        assertThat(errors(pod)).containsExactly("spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers");
    }

    @Test
    void dnsPolicyValues() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setDnsPolicy("Google");
        assertThat(errors(pod)).singleElement().asString().startsWith("spec.dnsPolicy: Unsupported value: \"Google\"");
    }

    @Test
    void gracePeriodNonNegative() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setTerminationGracePeriodSeconds(-1L);
        assertThat(errors(pod)).containsExactly("spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void activeDeadlinePositive() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setActiveDeadlineSeconds(0L);
        assertThat(errors(pod)).containsExactly("spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive");
    }

    @Test
    void probeNeedsOneHandler() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setReadinessProbe(new ProbeBuilder().withNewExec().withCommand("true").endExec()
                .withNewTcpSocket().withPort(new IntOrString(80)).endTcpSocket().build());
        assertThat(errors(pod)).containsExactly("spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type");
    }

    @Test
    void probeWithoutHandler() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setReadinessProbe(new ProbeBuilder().withInitialDelaySeconds(-1).build());
        assertThat(errors(pod)).containsExactly("spec.containers[0].readinessProbe: Required value: must specify a handler type",
                "spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void livenessSuccessThresholdMustBeOne() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setLivenessProbe(new ProbeBuilder().withNewExec().withCommand("true").endExec().withSuccessThreshold(2).build());
        assertThat(errors(pod)).containsExactly("spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1");
    }

    @Test
    void nodeSelectorUsesLabelRules() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setNodeSelector(java.util.Map.of("disk", "very fast"));
        assertThat(errors(pod)).containsExactly("spec.nodeSelector: Invalid value: \"very fast\": " + NameValidation.LABEL_VALUE_MSG);
    }

    @Test
    void tolerationExistsForbidsValue() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setTolerations(List.of(new TolerationBuilder().withKey("k").withOperator("Exists").withValue("v").build()));
        assertThat(errors(pod)).containsExactly("spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'");
    }

    @Test
    void tolerationEffectValues() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setTolerations(List.of(new TolerationBuilder().withKey("k").withOperator("Exists").withEffect("Never").build()));
        assertThat(errors(pod)).containsExactly(
                "spec.tolerations[0].effect: Unsupported value: \"Never\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"");
    }

    @Test
    void hostnameMustBeLabel() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setHostname("a.b");
        assertThat(errors(pod)).containsExactly("spec.hostname: Invalid value: \"a.b\": " + NameValidation.DNS1123_LABEL_MSG);
    }

    @Test
    void imagePullPolicyValues() {
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setImagePullPolicy("Sometimes");
        assertThat(errors(pod)).containsExactly(
                "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"");
    }

    @Test
    void runAsUserNonNegative() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder().withRunAsUser(-1L).build());
        assertThat(errors(pod)).containsExactly("spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive");
    }

    @Test
    void seccompLocalhostNeedsProfile() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
                .withNewSeccompProfile().withType("Localhost").endSeccompProfile().build());
        assertThat(errors(pod)).containsExactly("spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost");
    }

    @Test
    void seccompProfileOnlyForLocalhost() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
                .withNewSeccompProfile().withType("RuntimeDefault").withLocalhostProfile("p.json").endSeccompProfile().build());
        assertThat(errors(pod)).containsExactly(
                "spec.securityContext.seccompProfile.localhostProfile: Invalid value: \"p.json\": can only be set when seccomp type is Localhost");
    }

    @Test
    void ephemeralContainersCannotBeSetOnCreate() {
        Pod pod = Fixtures.pod();
        pod.getSpec().setEphemeralContainers(List.of(new io.fabric8.kubernetes.api.model.EphemeralContainerBuilder().withName("debug").withImage("busybox:1.36").build()));
        assertThat(errors(pod)).containsExactly("spec.ephemeralContainers: Forbidden: cannot be set on create");
    }

    @Test
    void updateMayChangeImage() {
        Pod old = Fixtures.pod();
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setImage("busybox:1.37");
        assertThat(Fixtures.update(PODS, pod, old)).isEmpty();
    }

    @Test
    void updateMayAddTolerations() {
        Pod old = Fixtures.pod();
        Pod pod = Fixtures.pod();
        pod.getSpec().setTolerations(new java.util.ArrayList<>(List.of(new TolerationBuilder().withKey("k").withOperator("Exists").build())));
        assertThat(Fixtures.update(PODS, pod, old)).isEmpty();
    }

    @Test
    void updateMayNotChangePorts() {
        Pod old = Fixtures.pod();
        Pod pod = Fixtures.pod();
        pod.getSpec().getContainers().get(0).setPorts(List.of(new ContainerPortBuilder().withContainerPort(80).build()));
        assertThat(Fixtures.update(PODS, pod, old)).containsExactly("spec: Forbidden: " + PodValidation.UPDATE_FORBIDDEN);
    }

    @Test
    void updateMayNotRaiseActiveDeadline() {
        Pod old = Fixtures.pod();
        old.getSpec().setActiveDeadlineSeconds(10L);
        Pod pod = Fixtures.pod();
        pod.getSpec().setActiveDeadlineSeconds(20L);
        assertThat(Fixtures.update(PODS, pod, old)).containsExactly("spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value");
    }

    @Test
    void statusUpdatePhaseValues() {
        Pod old = Fixtures.pod();
        Defaulting.apply(old);
        Pod pod = new PodBuilder(old).build();
        pod.getStatus().setPhase("Sleeping");
        assertThat(Validation.validateStatusUpdate(PODS, pod, old)).extracting(Object::toString).containsExactly(
                "status.phase: Unsupported value: \"Sleeping\": supported values: \"Pending\", \"Running\", \"Succeeded\", \"Failed\", \"Unknown\"");
    }

    @Test
    void statusUpdateConditionStatusValues() {
        Pod old = Fixtures.pod();
        Defaulting.apply(old);
        Pod pod = new PodBuilder(old).build();
        pod.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("Ready").withStatus("Yes").build()));
        assertThat(Validation.validateStatusUpdate(PODS, pod, old)).extracting(Object::toString).containsExactly(
                "status.conditions[0].status: Unsupported value: \"Yes\": supported values: \"True\", \"False\", \"Unknown\"");
    }
}
