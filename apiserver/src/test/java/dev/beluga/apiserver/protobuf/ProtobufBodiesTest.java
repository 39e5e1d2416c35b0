package dev.beluga.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.beluga.api.codec.Json;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Policy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {
    /** 2024-01-02T03:04:05Z. */
    private static final long SECONDS = 1704164645L;

    @Test
    void namespaceWithLabels() {
        V1.Namespace namespace = V1.Namespace.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("team-a").setNamespace("").setGeneration(0)
                        .putLabels("team", "a").putLabels("env", "dev")
                        .setCreationTimestamp(Meta.Time.getDefaultInstance()))
                .setSpec(V1.NamespaceSpec.getDefaultInstance())
                .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
                .build();

        assertThat(decode("v1", "Namespace", namespace)).isEqualTo(json("""
                {"apiVersion":"v1","kind":"Namespace",
                 "metadata":{"name":"team-a","creationTimestamp":null,"labels":{"env":"dev","team":"a"}},
                 "spec":{},"status":{}}"""));
    }

    @Test
    void configMapWithDataAndBinaryData() {
        V1.ConfigMap configMap = V1.ConfigMap.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("settings").setNamespace("default"))
                .putData("mode", "fast").putData("blank", "")
                .putBinaryData("logo", ByteString.copyFrom(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                .setImmutable(false)
                .build();

        assertThat(decode("v1", "ConfigMap", configMap)).isEqualTo(json("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"},
                 "immutable":false,"data":{"blank":"","mode":"fast"},"binaryData":{"logo":"iVBORw=="}}"""));
    }

    @Test
    void secretDataIsBase64() {
        V1.Secret secret = V1.Secret.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("db"))
                .putData("password", ByteString.copyFromUtf8("s3cr3t!"))
                .putData("empty", ByteString.EMPTY)
                .putStringData("user", "admin")
                .setType("Opaque")
                .build();

        assertThat(decode("v1", "Secret", secret)).isEqualTo(json("""
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},
                 "data":{"empty":"","password":"czNjcjN0IQ=="},"type":"Opaque","stringData":{"user":"admin"}}"""));
    }

    @Test
    void deploymentWithQuantitiesAndIntOrString() {
        V1.Container container = V1.Container.newBuilder()
                .setName("web").setImage("nginx:1.27")
                .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setProtocol("TCP").setHostPort(0))
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putLimits("cpu", Quantity.newBuilder().setString("500m").build())
                        .putRequests("memory", Quantity.newBuilder().setString("128Mi").build()))
                .build();
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").setNamespace("shop"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                        .setReplicas(3)
                        .setRevisionHistoryLimit(0)
                        .setMinReadySeconds(0)
                        .setPaused(false)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(container)))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder()
                                .setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(IntOrString.newBuilder().setType(1).setStrVal("25%"))
                                        .setMaxUnavailable(IntOrString.newBuilder().setType(0).setIntVal(1)))))
                .build();

        assertThat(decode("apps/v1", "Deployment", deployment)).isEqualTo(json("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"labels":{"app":"web"}},
                     "spec":{"containers":[{"name":"web","image":"nginx:1.27",
                       "ports":[{"containerPort":80,"protocol":"TCP"}],
                       "resources":{"limits":{"cpu":"500m"},"requests":{"memory":"128Mi"}}}]}},
                   "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":"25%"}},
                   "revisionHistoryLimit":0}}"""));
    }

    @Test
    void podInlinesEmbeddedStructsAndKeepsPointerZeros() {
        V1.PodSpec spec = V1.PodSpec.newBuilder()
                .setHostIPC(true)
                .setHostNetwork(false)
                .setTerminationGracePeriodSeconds(0)
                .setSecurityContext(V1.PodSecurityContext.newBuilder().setRunAsUser(0).setRunAsNonRoot(false))
                .addVolumes(V1.Volume.newBuilder().setName("config")
                        .setVolumeSource(V1.VolumeSource.newBuilder().setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                                .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("settings"))
                                .setDefaultMode(420))))
                .addContainers(V1.Container.newBuilder().setName("app").setImage("busybox")
                        .addArgs("").addArgs("--verbose")
                        .addEnv(V1.EnvVar.newBuilder().setName("PASSWORD").setValueFrom(V1.EnvVarSource.newBuilder()
                                .setSecretKeyRef(V1.SecretKeySelector.newBuilder()
                                        .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("db"))
                                        .setKey("password"))))
                        .setLivenessProbe(V1.Probe.newBuilder()
                                .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder()
                                        .setPath("/healthz").setPort(IntOrString.newBuilder().setType(1).setStrVal("http"))))
                                .setPeriodSeconds(10)))
                .build();
        V1.Pod pod = V1.Pod.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("app")
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(SECONDS).setNanos(999_000_000))
                        .setDeletionTimestamp(Meta.Time.newBuilder().setSeconds(SECONDS + 60))
                        .setDeletionGracePeriodSeconds(0))
                .setSpec(spec)
                .setStatus(V1.PodStatus.newBuilder().setPodIP("10.0.0.7").setPhase("Running"))
                .build();

        assertThat(decode("v1", "Pod", pod)).isEqualTo(json("""
                {"apiVersion":"v1","kind":"Pod",
                 "metadata":{"name":"app","creationTimestamp":"2024-01-02T03:04:05Z",
                   "deletionTimestamp":"2024-01-02T03:05:05Z","deletionGracePeriodSeconds":0},
                 "spec":{
                   "volumes":[{"name":"config","configMap":{"name":"settings","defaultMode":420}}],
                   "containers":[{"name":"app","image":"busybox","args":["","--verbose"],
                     "env":[{"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}],
                     "livenessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":10}}],
                   "terminationGracePeriodSeconds":0,"hostIPC":true,
                   "securityContext":{"runAsUser":0,"runAsNonRoot":false}},
                 "status":{"phase":"Running","podIP":"10.0.0.7"}}"""));
    }

    @Test
    void deleteOptionsUnderMetaAndCoreVersions() {
        Meta.DeleteOptions options = Meta.DeleteOptions.newBuilder()
                .setGracePeriodSeconds(0)
                .setPropagationPolicy("Foreground")
                .setPreconditions(Meta.Preconditions.newBuilder().setUid("0b6f-uid"))
                .build();
        JsonNode expected = json("""
                {"apiVersion":"meta.k8s.io/v1","kind":"DeleteOptions","gracePeriodSeconds":0,
                 "preconditions":{"uid":"0b6f-uid"},"propagationPolicy":"Foreground"}""");

        assertThat(decode("meta.k8s.io/v1", "DeleteOptions", options)).isEqualTo(expected);
        assertThat(decode("v1", "DeleteOptions", options).get("propagationPolicy").asText()).isEqualTo("Foreground");
        assertThat(decode("apps/v1", "DeleteOptions", options).get("gracePeriodSeconds").asLong()).isZero();
    }

    @Test
    void leaseTimesAreMicroseconds() {
        V1Coordination.Lease lease = V1Coordination.Lease.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("node-1").setNamespace("kube-node-lease"))
                .setSpec(V1Coordination.LeaseSpec.newBuilder()
                        .setHolderIdentity("node-1")
                        .setLeaseDurationSeconds(40)
                        .setLeaseTransitions(0)
                        .setRenewTime(Meta.MicroTime.newBuilder().setSeconds(SECONDS).setNanos(123_456_789))
                        .setAcquireTime(Meta.MicroTime.newBuilder().setSeconds(SECONDS)))
                .build();

        assertThat(decode("coordination.k8s.io/v1", "Lease", lease)).isEqualTo(json("""
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease",
                 "metadata":{"name":"node-1","namespace":"kube-node-lease"},
                 "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,
                   "acquireTime":"2024-01-02T03:04:05.000000Z","renewTime":"2024-01-02T03:04:05.123456Z",
                   "leaseTransitions":0}}"""));
    }

    @Test
    void eventsEventWithZeroDeprecatedTimestamps() {
        V1Events.Event event = V1Events.Event.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web.17a").setNamespace("shop"))
                .setEventTime(Meta.MicroTime.newBuilder().setSeconds(SECONDS).setNanos(5_000))
                .setSeries(V1Events.EventSeries.newBuilder().setCount(2)
                        .setLastObservedTime(Meta.MicroTime.newBuilder().setSeconds(SECONDS + 1)))
                .setReportingController("beluga/scheduler").setReportingInstance("beluga-0")
                .setAction("Binding").setReason("Scheduled").setType("Normal").setNote("assigned")
                .setRegarding(V1.ObjectReference.newBuilder().setKind("Pod").setName("web").setNamespace("shop"))
                .setDeprecatedFirstTimestamp(Meta.Time.newBuilder().setSeconds(-62135596800L))
                .setDeprecatedLastTimestamp(Meta.Time.getDefaultInstance())
                .setDeprecatedCount(0)
                .build();

        assertThat(decode("events.k8s.io/v1", "Event", event)).isEqualTo(json("""
                {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.17a","namespace":"shop"},
                 "eventTime":"2024-01-02T03:04:05.000005Z",
                 "series":{"count":2,"lastObservedTime":"2024-01-02T03:04:06.000000Z"},
                 "reportingController":"beluga/scheduler","reportingInstance":"beluga-0","action":"Binding",
                 "reason":"Scheduled","regarding":{"kind":"Pod","namespace":"shop","name":"web"},"note":"assigned",
                 "type":"Normal","deprecatedFirstTimestamp":null,"deprecatedLastTimestamp":null}"""));
    }

    @Test
    void coreEventKeepsItsTimestamps() {
        V1.Event event = V1.Event.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web.1").setNamespace("shop"))
                .setInvolvedObject(V1.ObjectReference.newBuilder().setKind("Pod").setName("web"))
                .setReason("Pulled").setCount(1)
                .setFirstTimestamp(Meta.Time.newBuilder().setSeconds(SECONDS))
                .setEventTime(Meta.MicroTime.getDefaultInstance())
                .build();

        assertThat(decode("v1", "Event", event)).isEqualTo(json("""
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"web.1","namespace":"shop"},
                 "involvedObject":{"kind":"Pod","name":"web"},"reason":"Pulled",
                 "firstTimestamp":"2024-01-02T03:04:05Z","count":1,"eventTime":null}"""));
    }

    @Test
    void controllerRevisionEmbedsRawJson() {
        V1Apps.ControllerRevision revision = V1Apps.ControllerRevision.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web-5d4"))
                .setData(io.kubernetes.client.proto.Runtime.RawExtension.newBuilder()
                        .setRaw(ByteString.copyFromUtf8("{\"spec\":{\"template\":{\"$patch\":\"replace\"}}}")))
                .setRevision(2)
                .build();

        assertThat(decode("apps/v1", "ControllerRevision", revision)).isEqualTo(json("""
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"web-5d4"},
                 "data":{"spec":{"template":{"$patch":"replace"}}},"revision":2}"""));
    }

    @Test
    void scaleEvictionAndBinding() {
        V1Autoscaling.Scale scale = V1Autoscaling.Scale.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").setResourceVersion("41"))
                .setSpec(V1Autoscaling.ScaleSpec.newBuilder().setReplicas(5))
                .build();
        V1Policy.Eviction eviction = V1Policy.Eviction.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web-0"))
                .setDeleteOptions(Meta.DeleteOptions.newBuilder().setGracePeriodSeconds(30))
                .build();
        V1.Binding binding = V1.Binding.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web-0"))
                .setTarget(V1.ObjectReference.newBuilder().setKind("Node").setName("node-1"))
                .build();

        assertThat(decode("autoscaling/v1", "Scale", scale)).isEqualTo(json("""
                {"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web","resourceVersion":"41"},
                 "spec":{"replicas":5}}"""));
        assertThat(decode("policy/v1", "Eviction", eviction)).isEqualTo(json("""
                {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web-0"},
                 "deleteOptions":{"gracePeriodSeconds":30}}"""));
        assertThat(decode("v1", "Binding", binding)).isEqualTo(json("""
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"web-0"},
                 "target":{"kind":"Node","name":"node-1"}}"""));
    }

    @Test
    void serviceAccountKeepsExplicitFalse() {
        V1.ServiceAccount account = V1.ServiceAccount.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("robot"))
                .setAutomountServiceAccountToken(false)
                .addSecrets(V1.ObjectReference.newBuilder().setName("robot-token"))
                .build();

        assertThat(decode("v1", "ServiceAccount", account)).isEqualTo(json("""
                {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"},
                 "secrets":[{"name":"robot-token"}],"automountServiceAccountToken":false}"""));
    }

    private static JsonNode decode(String apiVersion, String kind, com.google.protobuf.Message object) {
        return ProtobufBodies.decode(Envelopes.of(apiVersion, kind, object));
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
