package dev.beluga.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.resources.ResourceRegistry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherKindsValidationTest {
    @Test
    void namespaceNameMustBeLabel() {
        Namespace n = new NamespaceBuilder().withNewMetadata().withName("team.a").endMetadata().build();
        assertThat(Fixtures.create(ResourceRegistry.NAMESPACES, n))
                .contains("metadata.name: Invalid value: \"team.a\": " + NameValidation.DNS1123_LABEL_MSG);
    }

    @Test
    void namespaceFinalizerMustBeStandardOrQualified() {
        Namespace n = new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().withNewSpec().withFinalizers("custom").endSpec().build();
        assertThat(Fixtures.create(ResourceRegistry.NAMESPACES, n))
                .containsExactly("spec.finalizers: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified");
    }

    @Test
    void validNamespacePasses() {
        assertThat(Fixtures.create(ResourceRegistry.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build())).isEmpty();
    }

    @Test
    void nodeTaintEffectRequired() {
        Node n = new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewSpec()
                .withTaints(new TaintBuilder().withKey("k").build()).endSpec().build();
        assertThat(Fixtures.create(ResourceRegistry.NODES, n)).containsExactly("spec.taints[0].effect: Required value");
    }

    @Test
    void nodePodCidrsValid() {
        Node n = new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewSpec().withPodCIDRs("10.0.0.0/33").endSpec().build();
        assertThat(Fixtures.create(ResourceRegistry.NODES, n)).containsExactly("spec.podCIDRs[0]: Invalid value: \"10.0.0.0/33\": " + NodeValidation.CIDR_MSG);
    }

    @Test
    void nodeDualStackPasses() {
        Node n = new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewSpec().withPodCIDRs("10.0.0.0/24", "fd00::/64").endSpec().build();
        assertThat(Fixtures.create(ResourceRegistry.NODES, n)).isEmpty();
    }

    @Test
    void nodePodCidrsImmutableOnceSet() {
        Node old = new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewSpec().withPodCIDRs("10.0.0.0/24").endSpec().build();
        Node n = new NodeBuilder(old).editSpec().withPodCIDRs("10.0.1.0/24").endSpec().build();
        assertThat(Fixtures.update(ResourceRegistry.NODES, n, old))
                .containsExactly("spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid");
    }

    @Test
    void configMapKeys() {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("d").endMetadata().addToData("a b", "x").build();
        assertThat(Fixtures.create(ResourceRegistry.CONFIGMAPS, cm)).containsExactly("data[a b]: Invalid value: \"a b\": " + NameValidation.CONFIG_MAP_KEY_MSG);
    }

    @Test
    void configMapTotalSize() {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("d").endMetadata()
                .addToData("a", "x".repeat(1024 * 1024)).addToData("b", "y").build();
        assertThat(Fixtures.create(ResourceRegistry.CONFIGMAPS, cm)).containsExactly(": Too long: may not be more than 1048576 bytes");
    }

    @Test
    void immutableConfigMapFreezesData() {
        ConfigMap old = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("d").endMetadata().withImmutable(true).addToData("a", "1").build();
        ConfigMap cm = new ConfigMapBuilder(old).withData(Map.of("a", "2")).build();
        assertThat(Fixtures.update(ResourceRegistry.CONFIGMAPS, cm, old)).containsExactly("data: Forbidden: field is immutable when `immutable` is set");
    }

    @Test
    void secretTypeImmutable() {
        Secret old = new SecretBuilder().withNewMetadata().withName("s").withNamespace("d").endMetadata().withType("Opaque").build();
        Secret s = new SecretBuilder(old).withType("example.com/custom").build();
        assertThat(Fixtures.update(ResourceRegistry.SECRETS, s, old)).containsExactly("type: Invalid value: \"example.com/custom\": field is immutable");
    }

    @Test
    void tlsSecretNeedsKeys() {
        Secret s = new SecretBuilder().withNewMetadata().withName("s").withNamespace("d").endMetadata().withType("kubernetes.io/tls").build();
        assertThat(Fixtures.create(ResourceRegistry.SECRETS, s)).containsExactly("data[tls.crt]: Required value", "data[tls.key]: Required value");
    }

    @Test
    void serviceAccountNameChecked() {
        var sa = new ServiceAccountBuilder().withNewMetadata().withName("Default").withNamespace("d").endMetadata().build();
        assertThat(Fixtures.create(ResourceRegistry.SERVICEACCOUNTS, sa)).hasSize(1);
    }

    @Test
    void controllerRevisionNonNegative() {
        var r = new ControllerRevisionBuilder().withNewMetadata().withName("r").withNamespace("d").endMetadata().withData(Map.of()).withRevision(-1L).build();
        assertThat(Fixtures.create(ResourceRegistry.CONTROLLERREVISIONS, r)).containsExactly("revision: Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void leaseDurationPositive() {
        var l = new LeaseBuilder().withNewMetadata().withName("n1").withNamespace("kube-node-lease").endMetadata()
                .withNewSpec().withHolderIdentity("n1").withLeaseDurationSeconds(0).endSpec().build();
        assertThat(Fixtures.create(ResourceRegistry.LEASES, l)).containsExactly("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0");
    }

    @Test
    void coreEventNamespaceMustMatch() {
        Event e = new EventBuilder().withNewMetadata().withName("web.17a").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("web").withNamespace("other").endInvolvedObject().withReason("Started").build();
        assertThat(Fixtures.create(ResourceRegistry.EVENTS, e)).containsExactly("involvedObject.namespace: Invalid value: \"other\": does not match event.namespace");
    }

    @Test
    void coreEventNameIsAPathSegment() {
        Event e = new EventBuilder().withNewMetadata().withName("a/b").withNamespace("default").endMetadata().build();
        assertThat(Fixtures.create(ResourceRegistry.EVENTS, e)).containsExactly("metadata.name: Invalid value: \"a/b\": may not contain '/'");
    }

    @Test
    void newStyleEventRequiredFields() {
        var e = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder().withNewMetadata().withName("e1").withNamespace("default").endMetadata()
                .withEventTime(new MicroTime("2024-01-01T00:00:00.000000Z")).withType("Normal")
                .withNewRegarding().withKind("Pod").withName("web").withNamespace("default").endRegarding().build();
        assertThat(Fixtures.create(ResourceRegistry.EVENTS_V1, e)).containsExactly(
                "reportingController: Required value", "reportingController: Invalid value: \"\": name part must be non-empty",
                "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "reportingInstance: Required value", "action: Required value", "reason: Required value");
    }

    @Test
    void validNewStyleEventPasses() {
        var e = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder().withNewMetadata().withName("e1").withNamespace("default").endMetadata()
                .withEventTime(new MicroTime("2024-01-01T00:00:00.000000Z")).withType("Warning").withReason("BackOff").withAction("Pulling")
                .withReportingController("beluga.dev/kubelet").withReportingInstance("node-1").withNote("back-off")
                .withNewRegarding().withKind("Pod").withName("web").withNamespace("default").endRegarding().build();
        assertThat(Fixtures.create(ResourceRegistry.EVENTS_V1, e)).isEmpty();
    }

    @Test
    void newStyleEventTypeMustBeNormalOrWarning() {
        var e = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder().withNewMetadata().withName("e1").withNamespace("default").endMetadata()
                .withEventTime(new MicroTime("2024-01-01T00:00:00.000000Z")).withType("Info").withReason("R").withAction("A")
                .withReportingController("c").withReportingInstance("i")
                .withNewRegarding().withNamespace("default").endRegarding().build();
        assertThat(Fixtures.create(ResourceRegistry.EVENTS_V1, e)).containsExactly("type: Invalid value: \"\": has invalid value: Info");
    }

    @Test
    void namespaceStatusPhaseMustBeActiveWhileNotDeleting() {
        Namespace old = new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().build();
        Defaulting.apply(old);
        Namespace n = new NamespaceBuilder(old).editStatus().withPhase("Terminating").endStatus().build();
        assertThat(Validation.validateStatusUpdate(ResourceRegistry.NAMESPACES, n, old)).extracting(Object::toString)
                .containsExactly("status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty");
    }

    @Test
    void everyRegisteredResourceDefaultsAndValidatesWithoutThrowing() throws Exception {
        for (var type : new ResourceRegistry().all()) {
            var obj = type.type().getDeclaredConstructor().newInstance();
            obj.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("x").withNamespace(type.namespaced() ? "default" : null).build());
            Defaulting.apply(obj);
            assertThat(Validation.validateCreate(type, obj)).as(type.kind()).isNotNull();
            assertThat(Validation.validateUpdate(type, obj, obj)).as(type.kind()).isNotNull();
            assertThat(Validation.validateStatusUpdate(type, obj, obj)).as(type.kind()).isNotNull();
        }
    }
}
