package dev.beluga.api.admission;

import static dev.beluga.api.resources.ResourceRegistry.DEPLOYMENTS;
import static dev.beluga.api.resources.ResourceRegistry.REPLICASETS;
import static dev.beluga.api.resources.ResourceRegistry.STATEFULSETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadValidationTest {
    private static List<String> errors(Deployment d) {
        return Fixtures.create(DEPLOYMENTS, d);
    }

    private static List<String> errors(StatefulSet s) {
        return Fixtures.create(STATEFULSETS, s);
    }

    @Test
    void fullRealisticDeploymentPasses() {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("prod").addToLabels("app", "web").endMetadata()
                .withNewSpec().withReplicas(3).withMinReadySeconds(5).withRevisionHistoryLimit(5).withProgressDeadlineSeconds(120)
                .withNewSelector().addToMatchLabels("app", "web").addNewMatchExpression().withKey("tier").withOperator("In").withValues("front").endMatchExpression().endSelector()
                .withStrategy(new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString("0%")).endRollingUpdate().build())
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels("tier", "front").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").addNewPort().withContainerPort(80).withName("http").endPort()
                .withResources(new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("250m")).addToLimits("memory", new Quantity("256Mi")).build())
                .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/").withPort(new IntOrString("http")).endHttpGet().build())
                .endContainer().endSpec().endTemplate().endSpec().build();
        assertThat(errors(d)).isEmpty();
    }

    @Test
    void selectorRequired() {
        Deployment d = Fixtures.deployment();
        d.getSpec().setSelector(null);
        assertThat(errors(d)).containsExactly("spec.selector: Required value");
    }

    @Test
    void emptySelectorInvalid() {
        Deployment d = Fixtures.deployment();
        d.getSpec().setSelector(new LabelSelectorBuilder().build());
        assertThat(errors(d)).containsExactly("spec.selector: Invalid value: "
                + "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment");
    }

    @Test
    void selectorMustMatchTemplate() {
        Deployment d = Fixtures.deployment();
        d.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "other"));
        assertThat(errors(d)).containsExactly(
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`");
    }

    @Test
    void templateRestartPolicyOnlyAlways() {
        Deployment d = Fixtures.deployment();
        d.getSpec().getTemplate().getSpec().setRestartPolicy("Never");
        assertThat(errors(d)).containsExactly("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
    }

    @Test
    void replicasNonNegative() {
        Deployment d = Fixtures.deployment();
        d.getSpec().setReplicas(-1);
        assertThat(errors(d)).containsExactly("spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void recreateForbidsRollingUpdate() {
        Deployment d = Fixtures.deployment();
        d.getSpec().setStrategy(new DeploymentStrategyBuilder().withType("Recreate").withNewRollingUpdate().endRollingUpdate().build());
        assertThat(errors(d)).containsExactly("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
    }

    @Test
    void surgeAndUnavailableNotBothZero() {
        Deployment d = Fixtures.deployment();
        d.getSpec().setStrategy(new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(0)).withMaxUnavailable(new IntOrString("0%")).endRollingUpdate().build());
        assertThat(errors(d)).containsExactly("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0");
    }

    @Test
    void maxUnavailableAtMost100Percent() {
        Deployment d = Fixtures.deployment();
        d.getSpec().setStrategy(new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString("150%")).endRollingUpdate().build());
        assertThat(errors(d)).containsExactly("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%");
    }

    @Test
    void badPercentString() {
        Deployment d = Fixtures.deployment();
        d.getSpec().setStrategy(new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString("lots")).endRollingUpdate().build());
        assertThat(errors(d)).containsExactly("spec.strategy.rollingUpdate.maxSurge: Invalid value: lots: " + DeploymentValidation.PERCENT_MSG);
    }

    @Test
    void progressDeadlineAboveMinReady() {
        Deployment d = Fixtures.deployment();
        d.getSpec().setMinReadySeconds(30);
        d.getSpec().setProgressDeadlineSeconds(30);
        assertThat(errors(d)).containsExactly("spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds");
    }

    @Test
    void revisionHistoryLimitNonNegative() {
        Deployment d = Fixtures.deployment();
        d.getSpec().setRevisionHistoryLimit(-2);
        assertThat(errors(d)).containsExactly("spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0");
    }

    @Test
    void deploymentSelectorImmutable() {
        Deployment old = Fixtures.deployment();
        Deployment d = Fixtures.deployment();
        d.getSpec().getSelector().setMatchLabels(Map.of("app", "web", "v", "2"));
        d.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "web", "v", "2"));
        assertThat(Fixtures.update(DEPLOYMENTS, d, old)).containsExactly("spec.selector: Invalid value: "
                + "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"v\":\"2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
    }

    @Test
    void deploymentScaleUpdatePasses() {
        Deployment old = Fixtures.deployment();
        Deployment d = Fixtures.deployment();
        d.getSpec().setReplicas(5);
        assertThat(Fixtures.update(DEPLOYMENTS, d, old)).isEmpty();
    }

    @Test
    void replicaSetEmptySelectorMessageSaysDeployment() {
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("rs").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().endSelector().withNewTemplate().withNewSpec().addNewContainer().withName("a").withImage("busybox:1.36")
                .endContainer().endSpec().endTemplate().endSpec().build();
        assertThat(Fixtures.create(REPLICASETS, rs)).singleElement().asString().endsWith("empty selector is invalid for deployment");
    }

    @Test
    void replicaSetStatusReadyNotAboveReplicas() {
        ReplicaSet old = new ReplicaSetBuilder().withNewMetadata().withName("rs").withNamespace("default").endMetadata().build();
        ReplicaSet rs = new ReplicaSetBuilder(old).withNewStatus().withReplicas(1).withReadyReplicas(2).withAvailableReplicas(0).endStatus().build();
        assertThat(Validation.validateStatusUpdate(REPLICASETS, rs, old)).extracting(Object::toString)
                .containsExactly("status.readyReplicas: Invalid value: 2: cannot be greater than the number of replicas");
    }

    @Test
    void fullRealisticStatefulSetPasses() {
        StatefulSet s = new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .withNewSpec().withServiceName("db").withReplicas(3).withPodManagementPolicy("Parallel")
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(1).endRollingUpdate().endUpdateStrategy()
                .withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata()
                .withNewSpec().addNewContainer().withName("db").withImage("busybox:1.36").withCommand("sleep", "3600")
                .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount().endContainer()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume().endSpec().endTemplate().endSpec().build();
        assertThat(errors(s)).isEmpty();
    }

    @Test
    void serviceNameMayBeEmpty() {
        assertThat(errors(Fixtures.statefulSet())).isEmpty();
    }

    @Test
    void volumeClaimTemplatesRefused() {
        StatefulSet s = Fixtures.statefulSet();
        s.getSpec().setVolumeClaimTemplates(List.of(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata().build()));
        assertThat(errors(s)).containsExactly("spec.volumeClaimTemplates: Forbidden: persistent volumes are not supported by this cluster yet");
    }

    @Test
    void volumeClaimTemplatesRefusedOnUpdateToo() {
        StatefulSet old = Fixtures.statefulSet();
        StatefulSet s = new StatefulSetBuilder(old).build();
        s.getSpec().setVolumeClaimTemplates(List.of(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata().build()));
        assertThat(Fixtures.update(STATEFULSETS, s, old))
                .contains("spec.volumeClaimTemplates: Forbidden: persistent volumes are not supported by this cluster yet");
    }

    @Test
    void podManagementPolicyValues() {
        StatefulSet s = Fixtures.statefulSet();
        s.getSpec().setPodManagementPolicy("Random");
        assertThat(errors(s)).containsExactly("spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'");
    }

    @Test
    void updateStrategyValues() {
        StatefulSet s = Fixtures.statefulSet();
        s.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder().withType("Sometimes").build());
        assertThat(errors(s)).containsExactly("spec.updateStrategy: Invalid value: \"Sometimes\": must be 'RollingUpdate' or 'OnDelete'");
    }

    @Test
    void partitionNonNegative() {
        StatefulSet s = Fixtures.statefulSet();
        s.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder().withType("RollingUpdate")
                .withNewRollingUpdate().withPartition(-1).endRollingUpdate().build());
        assertThat(errors(s)).containsExactly("spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void statefulSetEmptySelector() {
        StatefulSet s = Fixtures.statefulSet();
        s.getSpec().setSelector(new LabelSelectorBuilder().build());
        assertThat(errors(s)).singleElement().asString().endsWith("empty selector is invalid for statefulset");
    }

    @Test
    void statefulSetMayChangeReplicasAndTemplate() {
        StatefulSet old = Fixtures.statefulSet();
        StatefulSet s = Fixtures.statefulSet();
        s.getSpec().setReplicas(4);
        s.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("busybox:1.37");
        assertThat(Fixtures.update(STATEFULSETS, s, old)).isEmpty();
    }

    @Test
    void statefulSetMayNotChangeServiceName() {
        StatefulSet old = Fixtures.statefulSet();
        StatefulSet s = Fixtures.statefulSet();
        s.getSpec().setServiceName("other");
        assertThat(Fixtures.update(STATEFULSETS, s, old)).containsExactly("spec: Forbidden: " + StatefulSetValidation.UPDATE_FORBIDDEN);
    }

    @Test
    void selectorExpressionRules() {
        Deployment d = Fixtures.deployment();
        d.getSpec().getSelector().setMatchExpressions(List.of(new io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder()
                .withKey("tier").withOperator("In").build()));
        assertThat(errors(d)).containsExactly("spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
    }
}
