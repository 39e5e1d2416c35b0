package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import dev.beluga.api.resources.ResourceType;
import java.util.List;

/** Small valid objects for tests to break one field at a time. */
final class Fixtures {
    private Fixtures() {}

    static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("app").withImage("busybox:1.36").build()).endSpec()
                .build();
    }

    static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("app").withImage("busybox:1.36").build()).endSpec()
                .endTemplate().endSpec().build();
    }

    static StatefulSet statefulSet() {
        return new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .withNewSpec().withServiceName("").withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("db").withImage("busybox:1.36").build()).endSpec()
                .endTemplate().endSpec().build();
    }

    /** Defaults then validates, as the API server does on create; returns the rendered errors. */
    static List<String> create(ResourceType type, HasMetadata obj) {
        Defaulting.apply(obj);
        return Validation.validateCreate(type, obj).stream().map(FieldError::toString).toList();
    }

    static List<String> update(ResourceType type, HasMetadata obj, HasMetadata old) {
        Defaulting.apply(old);
        Defaulting.apply(obj);
        return Validation.validateUpdate(type, obj, old).stream().map(FieldError::toString).toList();
    }
}
