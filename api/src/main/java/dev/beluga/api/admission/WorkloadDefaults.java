package dev.beluga.api.admission;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;

/** Upstream's apps/v1 SetDefaults_Deployment, _ReplicaSet and _StatefulSet, plus pod spec defaults on their templates. */
final class WorkloadDefaults {
    private WorkloadDefaults() {}

    static void deployment(Deployment d) {
        DeploymentSpec spec = d.getSpec();
        if (spec == null) {
            spec = new DeploymentSpec();
            d.setSpec(spec);
        }
        if (spec.getReplicas() == null) spec.setReplicas(1);
        DeploymentStrategy strategy = spec.getStrategy();
        if (strategy == null) {
            strategy = new DeploymentStrategy();
            spec.setStrategy(strategy);
        }
        if (PodSpecDefaults.blank(strategy.getType())) strategy.setType("RollingUpdate");
        if ("RollingUpdate".equals(strategy.getType())) {
            RollingUpdateDeployment ru = strategy.getRollingUpdate();
            if (ru == null) {
                ru = new RollingUpdateDeployment();
                strategy.setRollingUpdate(ru);
            }
            if (ru.getMaxUnavailable() == null) ru.setMaxUnavailable(new IntOrString("25%"));
            if (ru.getMaxSurge() == null) ru.setMaxSurge(new IntOrString("25%"));
        }
        if (spec.getRevisionHistoryLimit() == null) spec.setRevisionHistoryLimit(10);
        if (spec.getProgressDeadlineSeconds() == null) spec.setProgressDeadlineSeconds(600);
        template(spec.getTemplate());
    }

    static void replicaSet(ReplicaSet rs) {
        ReplicaSetSpec spec = rs.getSpec();
        if (spec == null) {
            spec = new ReplicaSetSpec();
            rs.setSpec(spec);
        }
        if (spec.getReplicas() == null) spec.setReplicas(1);
        template(spec.getTemplate());
    }

    static void statefulSet(StatefulSet s) {
        StatefulSetSpec spec = s.getSpec();
        if (spec == null) {
            spec = new StatefulSetSpec();
            s.setSpec(spec);
        }
        if (PodSpecDefaults.blank(spec.getPodManagementPolicy())) spec.setPodManagementPolicy("OrderedReady");
        StatefulSetUpdateStrategy strategy = spec.getUpdateStrategy();
        if (strategy == null) {
            strategy = new StatefulSetUpdateStrategy();
            spec.setUpdateStrategy(strategy);
        }
        if (PodSpecDefaults.blank(strategy.getType())) {
            strategy.setType("RollingUpdate");
            if (strategy.getRollingUpdate() == null) strategy.setRollingUpdate(new RollingUpdateStatefulSetStrategy());
        }
        if ("RollingUpdate".equals(strategy.getType()) && strategy.getRollingUpdate() != null
                && strategy.getRollingUpdate().getPartition() == null) {
            strategy.getRollingUpdate().setPartition(0);
        }
        StatefulSetPersistentVolumeClaimRetentionPolicy retention = spec.getPersistentVolumeClaimRetentionPolicy();
        if (retention == null) {
            retention = new StatefulSetPersistentVolumeClaimRetentionPolicy();
            spec.setPersistentVolumeClaimRetentionPolicy(retention);
        }
        if (PodSpecDefaults.blank(retention.getWhenDeleted())) retention.setWhenDeleted("Retain");
        if (PodSpecDefaults.blank(retention.getWhenScaled())) retention.setWhenScaled("Retain");
        if (spec.getReplicas() == null) spec.setReplicas(1);
        if (spec.getRevisionHistoryLimit() == null) spec.setRevisionHistoryLimit(10);
        template(spec.getTemplate());
    }

    private static void template(PodTemplateSpec t) {
        if (t != null) PodSpecDefaults.apply(t.getSpec());
    }
}
