package dev.beluga.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.patch.PatchStrategies.PatchStrategy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PatchStrategiesTest {

    @Test
    void containersMergeOnName() {
        assertThat(PatchStrategies.lookup(PodSpec.class, "containers")).contains(new PatchStrategy("merge", Optional.of("name")));
        assertThat(PatchStrategies.lookup(PodSpec.class, "initContainers")).contains(new PatchStrategy("merge", Optional.of("name")));
    }

    @Test
    void volumesMergeAndRetainKeysOnName() {
        PatchStrategy volumes = PatchStrategies.lookup(PodSpec.class, "volumes").orElseThrow();
        assertThat(volumes.strategy()).isEqualTo("merge,retainKeys");
        assertThat(volumes.mergeKey()).contains("name");
        assertThat(volumes.merges()).isTrue();
        assertThat(volumes.retainsKeys()).isTrue();
    }

    @Test
    void containerListsUseTheirUpstreamKeys() {
        assertThat(PatchStrategies.lookup(Container.class, "ports").orElseThrow().mergeKey()).contains("containerPort");
        assertThat(PatchStrategies.lookup(Container.class, "env").orElseThrow().mergeKey()).contains("name");
        assertThat(PatchStrategies.lookup(Container.class, "volumeMounts").orElseThrow().mergeKey()).contains("mountPath");
        assertThat(PatchStrategies.lookup(EphemeralContainer.class, "volumeDevices").orElseThrow().mergeKey()).contains("devicePath");
    }

    @Test
    void finalizersArePrimitiveMerge() {
        assertThat(PatchStrategies.lookup(ObjectMeta.class, "finalizers")).contains(new PatchStrategy("merge", Optional.empty()));
        assertThat(PatchStrategies.lookup(ObjectMeta.class, "ownerReferences").orElseThrow().mergeKey()).contains("uid");
    }

    @Test
    void atomicListsHaveNoStrategy() {
        assertThat(PatchStrategies.lookup(PodSpec.class, "tolerations")).isEmpty();
        assertThat(PatchStrategies.lookup(NodeSpec.class, "taints")).isEmpty();
        assertThat(PatchStrategies.lookup(Container.class, "args")).isEmpty();
        assertThat(PatchStrategies.lookup(Container.class, "envFrom")).isEmpty();
    }

    @Test
    void statusConditionsMergeOnType() {
        assertThat(PatchStrategies.lookup(PodStatus.class, "conditions").orElseThrow().mergeKey()).contains("type");
        assertThat(PatchStrategies.lookup(NodeStatus.class, "addresses").orElseThrow().mergeKey()).contains("type");
        assertThat(PatchStrategies.lookup(StatefulSetStatus.class, "conditions").orElseThrow().mergeKey()).contains("type");
    }

    @Test
    void deploymentStrategyRetainsKeys() {
        PatchStrategy strategy = PatchStrategies.lookup(DeploymentSpec.class, "strategy").orElseThrow();
        assertThat(strategy.retainsKeys()).isTrue();
        assertThat(strategy.merges()).isFalse();
    }

    @Test
    void unknownClassHasNoStrategies() {
        assertThat(PatchStrategies.of(String.class)).isEmpty();
        assertThat(PatchStrategies.of(PodSpec.class)).containsKeys("containers", "volumes", "hostAliases");
    }
}
