package dev.beluga.api.admission;

import static dev.beluga.api.resources.ResourceRegistry.CONFIGMAPS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectMetaValidationTest {
    private static ConfigMap cm() {
        return new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace("default").endMetadata().build();
    }

    private static List<String> errors(ConfigMap cm) {
        return Fixtures.create(CONFIGMAPS, cm);
    }

    @Test
    void validMetadataPasses() {
        ConfigMap cm = cm();
        cm.getMetadata().setLabels(Map.of("app.kubernetes.io/name", "web", "empty", ""));
        cm.getMetadata().setAnnotations(Map.of("Example.com/Note", "anything at all"));
        cm.getMetadata().setFinalizers(List.of("example.com/cleanup"));
        assertThat(errors(cm)).isEmpty();
    }

    @Test
    void labelKeyMustBeQualifiedName() {
        ConfigMap cm = cm();
        cm.getMetadata().setLabels(Map.of("bad key", "v"));
        assertThat(errors(cm)).singleElement().asString().startsWith("metadata.labels: Invalid value: \"bad key\": name part must consist of");
    }

    @Test
    void labelValueTooLong() {
        ConfigMap cm = cm();
        cm.getMetadata().setLabels(Map.of("k", "v".repeat(64)));
        assertThat(errors(cm)).containsExactly("metadata.labels: Invalid value: \"" + "v".repeat(64) + "\": must be no more than 63 characters");
    }

    @Test
    void annotationsTotalSize() {
        ConfigMap cm = cm();
        cm.getMetadata().setAnnotations(Map.of("big", "x".repeat(256 * 1024)));
        assertThat(errors(cm)).containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
    }

    @Test
    void ownerReferenceFieldsRequired() {
        ConfigMap cm = cm();
        cm.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("rs").build()));
        assertThat(errors(cm)).containsExactly("metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty");
    }

    @Test
    void onlyOneControllerOwner() {
        ConfigMap cm = cm();
        cm.getMetadata().setOwnerReferences(List.of(
                new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("a").withUid("1").withController(true).build(),
                new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("b").withUid("2").withController(true).build()));
        assertThat(errors(cm)).singleElement().asString().endsWith(
                "Only one reference can have Controller set to true. Found \"true\" in references for ReplicaSet/a and ReplicaSet/b");
    }

    @Test
    void finalizersMustBeQualifiedNames() {
        ConfigMap cm = cm();
        cm.getMetadata().setFinalizers(List.of("bad/finalizer/name"));
        assertThat(errors(cm)).singleElement().asString().startsWith("metadata.finalizers: Invalid value: \"bad/finalizer/name\": a qualified name");
    }

    @Test
    void generateNameChecked() {
        ConfigMap cm = cm();
        cm.getMetadata().setGenerateName("Bad-");
        assertThat(errors(cm)).containsExactly("metadata.generateName: Invalid value: \"Bad-\": " + NameValidation.DNS1123_SUBDOMAIN_MSG);
    }
}
