package dev.beluga.controller.deployment;

import dev.beluga.controller.ControllerRefs;
import dev.beluga.controller.ObjectCopy;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deployments and the ReplicaSets the controller makes for them, as the API stores them. */
final class DeploymentFixtures {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private DeploymentFixtures() {}

    static PodTemplateSpec template(String image) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                .build();
    }

    static Deployment rolling(int replicas, String image, Object maxSurge, Object maxUnavailable) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("ns").withUid("d-uid").withGeneration(1L).withResourceVersion("5").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withTemplate(template(image))
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(intOrString(maxSurge)).withMaxUnavailable(intOrString(maxUnavailable)).endRollingUpdate().endStrategy()
                .withRevisionHistoryLimit(10).withProgressDeadlineSeconds(600)
                .endSpec()
                .build();
    }

    static Deployment recreate(int replicas, String image) {
        Deployment d = rolling(replicas, image, 0, 1);
        d.getSpec().getStrategy().setType("Recreate");
        d.getSpec().getStrategy().setRollingUpdate(null);
        return d;
    }

    static IntOrString intOrString(Object v) {
        return v instanceof Integer i ? new IntOrString(i) : new IntOrString((String) v);
    }

    /** The ReplicaSet the controller would have made for {@code d}'s template with this image. */
    static ReplicaSet replicaSet(Deployment d, String image, int replicas, int available, long revision, String created) {
        PodTemplateSpec t = template(image);
        String hash = TemplateHash.of(t, Optional.empty());
        Map<String, String> labels = new LinkedHashMap<>(t.getMetadata().getLabels());
        labels.put(TemplateHash.LABEL, hash);
        PodTemplateSpec withHash = ObjectCopy.of(t);
        withHash.getMetadata().setLabels(labels);
        int max = Fenceposts.replicas(d) + Fenceposts.maxSurge(d);
        return new ReplicaSetBuilder()
                .withNewMetadata().withName("web-" + hash).withNamespace("ns").withUid("uid-" + image).withResourceVersion("rv-" + image)
                .withGeneration(1L).withCreationTimestamp(created)
                .withLabels(labels).withOwnerReferences(ControllerRefs.newControllerRef(d))
                .withAnnotations(Map.of(RevisionAnnotations.REVISION, Long.toString(revision),
                        RevisionAnnotations.DESIRED_REPLICAS, Integer.toString(Fenceposts.replicas(d)),
                        RevisionAnnotations.MAX_REPLICAS, Integer.toString(max)))
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", "web", TemplateHash.LABEL, hash)).endSelector()
                .withTemplate(withHash).endSpec()
                .withStatus(new ReplicaSetStatusBuilder().withReplicas(replicas).withReadyReplicas(available).withAvailableReplicas(available)
                        .withObservedGeneration(1L).build())
                .build();
    }

    static <A extends DeploymentAction> List<A> of(List<DeploymentAction> actions, Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
