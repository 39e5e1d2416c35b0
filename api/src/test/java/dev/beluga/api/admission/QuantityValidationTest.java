package dev.beluga.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.codec.Json;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import dev.beluga.api.resources.ResourceRegistry;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantityValidationTest {
    @Test
    void parsesUpstreamForms() {
        assertThat(QuantityValidation.value("100m")).contains(new BigDecimal("0.100"));
        assertThat(QuantityValidation.value("1Gi").get()).isEqualByComparingTo("1073741824");
        assertThat(QuantityValidation.value("1e3").get()).isEqualByComparingTo("1000");
        assertThat(QuantityValidation.value("1.5").get()).isEqualByComparingTo("1.5");
    }

    @Test
    void rejectsGarbageWithUpstreamMessages() {
        assertThat(QuantityValidation.problem("abc")).isEqualTo(QuantityValidation.FORMAT_WRONG);
        assertThat(QuantityValidation.problem("")).isEqualTo(QuantityValidation.FORMAT_WRONG);
        assertThat(QuantityValidation.problem("1.2.3")).isEqualTo(QuantityValidation.FORMAT_WRONG);
        assertThat(QuantityValidation.problem("1Qi")).isEqualTo(QuantityValidation.FORMAT_WRONG);
        assertThat(QuantityValidation.problem("1Mx")).isEqualTo(QuantityValidation.FORMAT_WRONG);
        assertThat(QuantityValidation.problem("1iM")).isEqualTo(QuantityValidation.SUFFIX_WRONG);
    }

    @Test
    void decodingKeepsAnInvalidQuantityForValidation() throws Exception {
        String json = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},
                 "spec":{"containers":[{"name":"a","image":"busybox:1.36","resources":{"limits":{"cpu":"abc"}}}]}}""";
        Pod pod = Json.MAPPER.readValue(json, Pod.class);
        Quantity q = pod.getSpec().getContainers().get(0).getResources().getLimits().get("cpu");
        assertThat(QuantityValidation.text(q)).isEqualTo("abc");
        assertThat(Fixtures.create(ResourceRegistry.PODS, pod)).contains(
                "spec.containers[0].resources.limits[cpu]: Invalid value: \"abc\": " + QuantityValidation.FORMAT_WRONG);
    }

    @Test
    void decodingKeepsValidQuantitiesExact() throws Exception {
        Pod pod = Json.MAPPER.readValue("""
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"250m","memory":1}}}]}}""", Pod.class);
        var requests = pod.getSpec().getContainers().get(0).getResources().getRequests();
        assertThat(QuantityValidation.text(requests.get("cpu"))).isEqualTo("250m");
        assertThat(QuantityValidation.text(requests.get("memory"))).isEqualTo("1");
        assertThat(Json.MAPPER.writeValueAsString(requests)).isEqualTo("{\"cpu\":\"250m\",\"memory\":\"1\"}");
    }
}
