package dev.beluga.client.informer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.selection.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class InformerCacheTest {
    private static Pod pod(String ns, String name, String node, String app) {
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().withNodeName(node).endSpec().build();
    }

    @Test
    void indexesFollowChangesAndRemovals() {
        InformerCache<Pod> cache = new InformerCache<>();
        cache.addIndex("node", p -> p.getSpec().getNodeName() == null ? List.of() : List.of(p.getSpec().getNodeName()));
        cache.put(pod("a", "p1", "n1", "web"));
        cache.put(pod("a", "p2", "n1", "db"));
        cache.put(pod("b", "p1", "n2", "web"));
        assertThat(cache.byIndex("node", "n1")).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("p1", "p2");

        assertThat(cache.put(pod("a", "p2", "n2", "db"))).isPresent();
        assertThat(cache.byIndex("node", "n1")).hasSize(1);
        assertThat(cache.byIndex("node", "n2")).hasSize(2);

        cache.remove("a/p1");
        assertThat(cache.byIndex("node", "n1")).isEmpty();
        assertThat(cache.list("a")).extracting(p -> p.getMetadata().getName()).containsExactly("p2");
        assertThat(cache.get("b", "p1")).isPresent();
        assertThat(cache.get("a", "p1")).isEmpty();
    }

    @Test
    void listsByNamespaceAndLabels() {
        InformerCache<Pod> cache = new InformerCache<>();
        cache.put(pod("a", "p1", "n1", "web"));
        cache.put(pod("a", "p2", "n1", "db"));
        cache.put(pod("b", "p3", "n1", "web"));
        assertThat(cache.list("a", LabelSelector.parse("app=web"))).extracting(p -> p.getMetadata().getName()).containsExactly("p1");
        assertThat(cache.list("", LabelSelector.parse("app=web"))).hasSize(2);
        assertThat(cache.list()).hasSize(3);
    }

    @Test
    void anIndexAddedLaterCoversExistingObjects() {
        InformerCache<Pod> cache = new InformerCache<>();
        cache.put(pod("a", "p1", "n1", "web"));
        cache.addIndex("app", p -> List.of(p.getMetadata().getLabels().get("app")));
        assertThat(cache.byIndex("app", "web")).hasSize(1);
    }
}
