package dev.beluga.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeRunnerTest {
    @Test
    void anExecProbesCommandExpandsOnlyTheSpecsPlainValues() {
        Container c = new ContainerBuilder().withName("app").withImage("busybox:1.35")
                .addNewEnv().withName("PORT").withValue("8080").endEnv()
                .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom().endEnv()
                .build();
        assertThat(ProbeRunner.staticallyExpanded(List.of("sh", "-c", "nc -z 127.0.0.1 $(PORT) && echo [$(NODE)] $(OTHER) $$(PORT)"), c))
                .containsExactly("sh", "-c", "nc -z 127.0.0.1 8080 && echo [] $(OTHER) $(PORT)");
        assertThat(ProbeRunner.staticallyExpanded(null, c)).isEmpty();
    }
}
