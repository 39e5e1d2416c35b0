package dev.beluga.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.api.codec.Json;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** Upstream's strict-decoding paths for unknown fields at every depth, and their removal. */
class UnknownFieldsTest {
    @Test
    void findsUnknownFieldsAtEveryDepthWithUpstreamsPathsAndRemovesThem() throws Exception {
        Pod pod = Json.MAPPER.readValue("""
                {"apiVersion":"v1","kind":"Pod","top":1,
                 "metadata":{"name":"p","labels":{"a":"b"},"finalizers":["x/y"],"metaExtra":true,
                   "ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"n","uid":"u","refExtra":"?"}]},
                 "spec":{"containers":[
                     {"name":"a","image":"i","command":["sleep","1"]},
                     {"name":"b","image":"i","ctrExtra":{"deep":1},
                      "resources":{"requests":{"cpu":"1"},"resExtra":[1]},
                      "env":[{"name":"E","valueFrom":{"fieldRef":{"fieldPath":"metadata.name","refExtra":0}}}]}],
                   "volumes":[{"name":"v","configMap":{"name":"c","items":[{"key":"k","path":"p","itemExtra":1}]}}],
                   "nodeSelector":{"k":"v"},"overhead":{"cpu":"1"}}}
                """, Pod.class);

        assertThat(UnknownFields.strip(pod)).containsExactlyInAnyOrder(
                "top",
                "metadata.metaExtra",
                "metadata.ownerReferences[0].refExtra",
                "spec.containers[1].ctrExtra",
                "spec.containers[1].resources.resExtra",
                "spec.containers[1].env[0].valueFrom.fieldRef.refExtra",
                "spec.volumes[0].configMap.items[0].itemExtra");

        String stored = new String(Json.MAPPER.writeValueAsBytes(pod), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(stored).doesNotContain("Extra").doesNotContain("\"top\"").contains("\"command\":[\"sleep\",\"1\"]").contains("\"nodeSelector\":{\"k\":\"v\"}");
        assertThat(UnknownFields.strip(pod)).as("nothing is left to find").isEmpty();
    }

    @Test
    void findsThemInsideATemplateOfAnotherGroup() throws Exception {
        Deployment d = Json.MAPPER.readValue("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"a":"b"},"matchExpressions":[{"key":"k","operator":"In","values":["v"],"exprExtra":1}]},
                   "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80,"portExtra":1}]}]}}}}
                """, Deployment.class);

        assertThat(UnknownFields.strip(d)).containsExactlyInAnyOrder(
                "spec.selector.matchExpressions[0].exprExtra",
                "spec.template.spec.containers[0].ports[0].portExtra");
    }

    @Test
    void aKnownObjectHasNone() throws Exception {
        Pod pod = Json.MAPPER.readValue("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"i"}]}}
                """, Pod.class);

        assertThat(UnknownFields.strip(pod)).isEmpty();
    }
}
