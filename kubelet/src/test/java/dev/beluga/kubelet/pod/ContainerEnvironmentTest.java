package dev.beluga.kubelet.pod;

import static dev.beluga.kubelet.pod.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.kubelet.runtime.KeyValue;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerEnvironmentTest {
    private static final ConfigMap SETTINGS = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("ns").endMetadata()
            .withData(Map.of("mode", "fast", "level", "3", "bad=key", "x", "1st", "ok")).build();
    private static final Secret CREDS = new SecretBuilder().withNewMetadata().withName("creds").withNamespace("ns").endMetadata()
            .withData(Map.of("password", Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)))).build();
    private static final ReferencedObjects OBJECTS = new ReferencedObjects(Map.of("settings", SETTINGS), Map.of("creds", CREDS));
    private static final Map<String, Quantity> ALLOCATABLE = Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"));

    private static Container app(EnvVar... env) {
        return new ContainerBuilder().withName("app").withImage("busybox:1.35").withEnv(env).build();
    }

    private static List<KeyValue> env(Container c) {
        return ContainerEnvironment.of(pod("Always", c).build(), c, List.of(), List.of(), OBJECTS, ALLOCATABLE).variables();
    }

    private static EnvVar cmKey(String name, String cm, String key, Boolean optional) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewConfigMapKeyRef().withName(cm).withKey(key).withOptional(optional)
                .endConfigMapKeyRef().endValueFrom().build();
    }

    private static EnvVar secretKey(String name, String secret, String key, Boolean optional) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).withOptional(optional)
                .endSecretKeyRef().endValueFrom().build();
    }

    @Test
    void keysOfConfigMapsAndSecretsBecomeValues() {
        Container c = app(cmKey("MODE", "settings", "mode", null), secretKey("PASS", "creds", "password", null),
                new EnvVarBuilder().withName("BOTH").withValue("$(MODE):$(PASS)").build());
        assertThat(env(c)).containsExactly(new KeyValue("MODE", "fast"), new KeyValue("PASS", "s3cret"), new KeyValue("BOTH", "fast:s3cret"));
    }

    @Test
    void missingSourcesFailWithUpstreamsMessagesUnlessOptional() {
        assertThatThrownBy(() -> env(app(cmKey("X", "nope", "k", null)))).isInstanceOf(ContainerConfigException.class)
                .hasMessage("configmap \"nope\" not found");
        assertThatThrownBy(() -> env(app(cmKey("X", "settings", "k", null)))).isInstanceOf(ContainerConfigException.class)
                .hasMessage("couldn't find key k in ConfigMap ns/settings");
        assertThatThrownBy(() -> env(app(secretKey("X", "nope", "k", false)))).hasMessage("secret \"nope\" not found");
        assertThatThrownBy(() -> env(app(secretKey("X", "creds", "user", null)))).hasMessage("couldn't find key user in Secret ns/creds");
        assertThat(env(app(cmKey("X", "nope", "k", true), cmKey("Y", "settings", "k", true), secretKey("Z", "creds", "user", true)))).isEmpty();
    }

    @Test
    void envFromTakesEveryValidKeyWithThePrefixAndWarnsAboutTheRest() {
        Container c = new ContainerBuilder(app(new EnvVarBuilder().withName("CFG_mode").withValue("override").build()))
                .addNewEnvFrom().withNewConfigMapRef().withName("settings").endConfigMapRef().withPrefix("CFG_").endEnvFrom()
                .addNewEnvFrom().withNewSecretRef().withName("creds").endSecretRef().endEnvFrom()
                .addNewEnvFrom().withNewSecretRef().withName("absent").withOptional(true).endSecretRef().endEnvFrom().build();
        ContainerEnvironment.Result r = ContainerEnvironment.of(pod("Always", c).build(), c, List.of(), List.of(), OBJECTS, ALLOCATABLE);
        assertThat(r.variables()).contains(new KeyValue("CFG_mode", "override"), new KeyValue("CFG_level", "3"), new KeyValue("CFG_1st", "ok"),
                new KeyValue("password", "s3cret")).hasSize(4);
        assertThat(r.invalidNameWarnings()).containsExactly(
                "Keys [CFG_bad=key] from the EnvFrom configMap ns/settings were skipped since they are considered invalid environment variable names.");
        Container missing = new ContainerBuilder(app()).addNewEnvFrom().withNewConfigMapRef().withName("absent").endConfigMapRef().endEnvFrom().build();
        assertThatThrownBy(() -> env(missing)).hasMessage("configmap \"absent\" not found");
    }

    @Test
    void resourceFieldRefsDivideAndRoundUpWithTheNodesAllocatableForMissingLimits() {
        Container c = new ContainerBuilder(app(
                resource("MEM_LIMIT_MI", "limits.memory", "1Mi"),
                resource("CPU_LIMIT", "limits.cpu", null),
                resource("CPU_REQUEST_M", "requests.cpu", "1m"),
                resource("CPU_REQUEST", "requests.cpu", null),
                resource("MEM_REQUEST", "requests.memory", null)))
                .withNewResources().withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("100M")))
                .withLimits(Map.of("memory", new Quantity("129Mi"))).endResources().build();
        assertThat(env(c)).containsExactly(new KeyValue("MEM_LIMIT_MI", "129"), new KeyValue("CPU_LIMIT", "4"), new KeyValue("CPU_REQUEST_M", "250"),
                new KeyValue("CPU_REQUEST", "1"), new KeyValue("MEM_REQUEST", "100000000"));
        assertThatThrownBy(() -> env(app(resource("X", "limits.gpu", null)))).hasMessage("unsupported container resource : limits.gpu");
    }

    private static EnvVar resource(String name, String resource, String divisor) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewResourceFieldRef().withResource(resource)
                .withDivisor(divisor == null ? null : new Quantity(divisor)).endResourceFieldRef().endValueFrom().build();
    }

    @Test
    void theReferencedNamesAreCollectedFromEnvAndVolumes() {
        Container c = new ContainerBuilder(app(cmKey("A", "cm-env", "k", null), secretKey("B", "s-env", "k", null)))
                .addNewEnvFrom().withNewConfigMapRef().withName("cm-from").endConfigMapRef().endEnvFrom().build();
        Pod p = new io.fabric8.kubernetes.api.model.PodBuilder(pod("Always", c).build()).editSpec()
                .addNewVolume().withName("v1").withNewConfigMap().withName("cm-vol").endConfigMap().endVolume()
                .addNewVolume().withName("v2").withNewSecret().withSecretName("s-vol").endSecret().endVolume()
                .addNewVolume().withName("v3").withNewProjected().addNewSource().withNewConfigMap().withName("cm-proj").endConfigMap().endSource()
                .addNewSource().withNewSecret().withName("s-proj").endSecret().endSource().endProjected().endVolume().endSpec().build();
        ReferencedObjects.Names names = ReferencedObjects.namesOf(p);
        assertThat(names.configMaps()).containsExactlyInAnyOrder("cm-env", "cm-from", "cm-vol", "cm-proj");
        assertThat(names.secrets()).containsExactlyInAnyOrder("s-env", "s-vol", "s-proj");
    }
}
