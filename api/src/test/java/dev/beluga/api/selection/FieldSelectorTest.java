package dev.beluga.api.selection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {

    private static JsonNode json(String singleQuoted) throws Exception {
        return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }

    private static String error(String text, ResourceType type) {
        try {
            FieldSelector.parse(text, type);
        } catch (StatusException e) {
            assertThat(e.code()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("parsed: " + text);
    }

    @Test
    void podsByNodeAndPhase() throws Exception {
        JsonNode pod = json("{'metadata':{'name':'p','namespace':'default'},'spec':{'nodeName':'n1'},'status':{'phase':'Running'}}");
        assertThat(FieldSelector.parse("spec.nodeName=n1", ResourceRegistry.PODS).matches(pod)).isTrue();
        assertThat(FieldSelector.parse("spec.nodeName==n2", ResourceRegistry.PODS).matches(pod)).isFalse();
        assertThat(FieldSelector.parse("status.phase!=Running", ResourceRegistry.PODS).matches(pod)).isFalse();
        assertThat(FieldSelector.parse("metadata.name=p,metadata.namespace=default", ResourceRegistry.PODS).matches(pod)).isTrue();
    }

    @Test
    void absentFieldReadsAsEmpty() throws Exception {
        JsonNode unbound = json("{'metadata':{'name':'p'},'spec':{}}");
        assertThat(FieldSelector.parse("spec.nodeName=", ResourceRegistry.PODS).matches(unbound)).isTrue();
        assertThat(FieldSelector.parse("spec.nodeName!=", ResourceRegistry.PODS).matches(unbound)).isFalse();
    }

    @Test
    void booleansDefaultToFalse() throws Exception {
        assertThat(FieldSelector.parse("spec.hostNetwork=false", ResourceRegistry.PODS).matches(json("{'spec':{}}"))).isTrue();
        assertThat(FieldSelector.parse("spec.unschedulable=true", ResourceRegistry.NODES).matches(json("{'spec':{'unschedulable':true}}"))).isTrue();
    }

    @Test
    void podIpReadsFirstPodIp() throws Exception {
        JsonNode pod = json("{'status':{'podIP':'10.0.0.1','podIPs':[{'ip':'10.0.0.1'},{'ip':'fd00::1'}]}}");
        assertThat(FieldSelector.parse("status.podIP=10.0.0.1", ResourceRegistry.PODS).matches(pod)).isTrue();
    }

    @Test
    void legacySpecHostMeansNodeName() throws Exception {
        FieldSelector s = FieldSelector.parse("spec.host=n1", ResourceRegistry.PODS);
        assertThat(s.toString()).isEqualTo("spec.nodeName=n1");
        assertThat(s.requiredValue("spec.nodeName")).contains("n1");
    }

    @Test
    void unsupportedLabelOnDedicatedResource() {
        assertThat(error("spec.foo=x", ResourceRegistry.PODS)).isEqualTo("field label not supported: spec.foo");
        assertThat(error("metadata.namespace=x", ResourceRegistry.NODES)).isEqualTo("field label not supported: metadata.namespace");
    }

    @Test
    void unsupportedLabelOnDefaultResource() {
        assertThat(error("data.x=y", ResourceRegistry.CONFIGMAPS))
                .isEqualTo("\"data.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    @Test
    void eventsByInvolvedObject() throws Exception {
        JsonNode core = json("{'involvedObject':{'kind':'Pod','name':'web'},'reason':'Started','source':{'component':'kubelet'},'type':'Normal'}");
        assertThat(FieldSelector.parse("involvedObject.kind=Pod,involvedObject.name=web,source=kubelet", ResourceRegistry.EVENTS).matches(core)).isTrue();
        JsonNode v1 = json("{'regarding':{'kind':'Pod','name':'web'},'reason':'Started','reportingController':'kubelet','type':'Normal'}");
        assertThat(FieldSelector.parse("involvedObject.name=web,reportingComponent=kubelet", ResourceRegistry.EVENTS_V1).matches(v1)).isTrue();
    }

    @Test
    void secretsByTypeAndReplicaSetsByReplicas() throws Exception {
        assertThat(FieldSelector.parse("type=Opaque", ResourceRegistry.SECRETS).matches(json("{'type':'Opaque'}"))).isTrue();
        assertThat(FieldSelector.parse("status.replicas=0", ResourceRegistry.REPLICASETS).matches(json("{'status':{}}"))).isTrue();
        assertThat(FieldSelector.parse("status.phase=Active", ResourceRegistry.NAMESPACES).matches(json("{'status':{'phase':'Active'}}"))).isTrue();
    }

    @Test
    void escapedValues() throws Exception {
        FieldSelector s = FieldSelector.parse("metadata.name=a\\,b\\=c", ResourceRegistry.CONFIGMAPS);
        assertThat(s.matches(json("{'metadata':{'name':'a,b=c'}}"))).isTrue();
        assertThat(s.toString()).isEqualTo("metadata.name=a\\,b\\=c");
    }

    @Test
    void syntaxErrors() {
        assertThat(error("metadata.name", ResourceRegistry.PODS)).isEqualTo("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
        assertThat(error("metadata.name=a\\b", ResourceRegistry.PODS)).isEqualTo("invalid field selector: invalid escape sequence: \\b");
        assertThat(error("metadata.name=a=b", ResourceRegistry.PODS)).isEqualTo("invalid field selector: unescaped character in value: 61");
    }

    @Test
    void emptyIsEverything() throws Exception {
        FieldSelector s = FieldSelector.parse("", ResourceRegistry.PODS);
        assertThat(s.isEverything()).isTrue();
        assertThat(s.matches(json("{}"))).isTrue();
    }

    @Test
    void canonicalFormSortsTerms() {
        assertThat(FieldSelector.parse("status.phase==Running,spec.nodeName!=n1", ResourceRegistry.PODS).toString())
                .isEqualTo("spec.nodeName!=n1,status.phase=Running");
    }
}
