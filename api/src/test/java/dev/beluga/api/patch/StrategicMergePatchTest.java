package dev.beluga.api.patch;

import static dev.beluga.api.patch.Trees.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {

    private static final String DEPLOYMENT = """
            {'metadata':{'name':'web','labels':{'app':'web'},'finalizers':['a']},
             'spec':{'replicas':1,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},
              'template':{'metadata':{'labels':{'app':'web'}},'spec':{
               'containers':[
                 {'name':'web','image':'nginx:1.25','ports':[{'containerPort':80,'protocol':'TCP'}],
                  'env':[{'name':'FOO','value':'1'},{'name':'BAR','value':'2'}]},
                 {'name':'side','image':'busybox:1.36','args':['sleep','3600']}],
               'tolerations':[{'key':'a','operator':'Exists'}]}}}}""";

    private static JsonNode deployment(String patch) {
        return StrategicMergePatch.apply(json(DEPLOYMENT), json(patch), Deployment.class);
    }

    private static JsonNode containers(JsonNode deployment) {
        return deployment.at("/spec/template/spec/containers");
    }

    private static java.util.List<String> names(JsonNode list) {
        java.util.List<String> names = new java.util.ArrayList<>();
        list.forEach(item -> names.add(item.get("name").asText()));
        return names;
    }

    private static StatusException failure(String original, String patch, Class<?> type) {
        try {
            StrategicMergePatch.apply(json(original), json(patch), type);
        } catch (StatusException e) {
            return e;
        }
        throw new AssertionError("patch applied");
    }

    @Test
    void setImageMergesContainerByName() {
        JsonNode out = deployment("{'spec':{'template':{'spec':{'containers':[{'name':'side','image':'busybox:1.37'}]}}}}");
        assertThat(containers(out).get(1)).isEqualTo(json("{'name':'side','image':'busybox:1.37','args':['sleep','3600']}"));
        assertThat(containers(out).get(0).get("image").asText()).isEqualTo("nginx:1.25");
        assertThat(containers(out)).hasSize(2);
    }

    @Test
    void applyChangingAnImage() {
        JsonNode out = deployment("""
                {'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'}},
                 'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'side'}],
                   'containers':[{'image':'nginx:1.26','name':'web'}]}}}}""");
        assertThat(containers(out).get(0).get("image").asText()).isEqualTo("nginx:1.26");
        assertThat(containers(out).get(0).get("env")).hasSize(2);
        assertThat(containers(out).get(1).get("name").asText()).isEqualTo("side");
        assertThat(out.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asText()).isEqualTo("{}");
        assertThat(out.at("/metadata/labels/app").asText()).isEqualTo("web");
    }

    @Test
    void applyAddingAContainerPlacesItAsOrdered() {
        JsonNode out = deployment("""
                {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'log'},{'name':'side'}],
                   'containers':[{'name':'log','image':'busybox:1.36'}]}}}}""");
        assertThat(names(containers(out))).containsExactly("web", "log", "side");
    }

    @Test
    void applyRemovingAContainer() {
        JsonNode out = deployment("""
                {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],
                   'containers':[{'$patch':'delete','name':'side'}]}}}}""");
        assertThat(containers(out)).hasSize(1);
        assertThat(containers(out).get(0).get("name").asText()).isEqualTo("web");
    }

    @Test
    void applyRemovingAnEnvVar() {
        JsonNode out = deployment("""
                {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'side'}],
                   'containers':[{'$setElementOrder/env':[{'name':'BAR'}],'env':[{'$patch':'delete','name':'FOO'}],'name':'web'}]}}}}""");
        assertThat(containers(out).get(0).get("env")).isEqualTo(json("[{'name':'BAR','value':'2'}]"));
    }

    @Test
    void changingStrategyTypeWithRetainKeysDropsRollingUpdate() {
        JsonNode out = deployment("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
        assertThat(out.at("/spec/strategy")).isEqualTo(json("{'type':'Recreate'}"));
    }

    @Test
    void retainKeysRejectsPatchFieldsItDoesNotList() {
        StatusException e = failure(DEPLOYMENT, "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':{'maxSurge':1}}}}",
                Deployment.class);
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("invalid patch format of retainKeys");
    }

    @Test
    void scaleSetsReplicas() {
        assertThat(deployment("{'spec':{'replicas':3}}").at("/spec/replicas").asInt()).isEqualTo(3);
    }

    @Test
    void labelAddAndRemove() {
        JsonNode out = deployment("{'metadata':{'labels':{'tier':'front','app':null}}}");
        assertThat(out.at("/metadata/labels")).isEqualTo(json("{'tier':'front'}"));
    }

    @Test
    void tolerationsHaveNoStrategyAndAreReplaced() {
        JsonNode out = deployment("{'spec':{'template':{'spec':{'tolerations':[{'key':'b','operator':'Exists'}]}}}}");
        assertThat(out.at("/spec/template/spec/tolerations")).isEqualTo(json("[{'key':'b','operator':'Exists'}]"));
    }

    @Test
    void argsAreReplaced() {
        JsonNode out = deployment("{'spec':{'template':{'spec':{'containers':[{'name':'side','args':['true']}]}}}}");
        assertThat(containers(out).get(1).get("args")).isEqualTo(json("['true']"));
    }

    @Test
    void finalizersMergeAsASet() {
        assertThat(deployment("{'metadata':{'finalizers':['b','a']}}").at("/metadata/finalizers")).isEqualTo(json("['b','a']"));
        assertThat(deployment("{'metadata':{'finalizers':['c']}}").at("/metadata/finalizers")).isEqualTo(json("['c','a']"));
    }

    @Test
    void deleteFromPrimitiveList() {
        JsonNode out = deployment("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'finalizers':['z']}}");
        assertThat(out.at("/metadata/finalizers")).isEqualTo(json("['z']"));
    }

    @Test
    void portsMergeOnContainerPort() {
        JsonNode out = deployment("{'spec':{'template':{'spec':{'containers':[{'name':'web','ports':[{'containerPort':443}]}]}}}}");
        // Upstream puts items new to the server before server-only ones when no $setElementOrder says otherwise.
        assertThat(containers(out).get(0).get("ports").findValuesAsText("containerPort")).containsExactly("443", "80");
    }

    @Test
    void replaceDirectiveInMap() {
        JsonNode out = deployment("{'spec':{'template':{'metadata':{'labels':{'$patch':'replace','x':'y'}}}}}");
        assertThat(out.at("/spec/template/metadata/labels")).isEqualTo(json("{'x':'y'}"));
    }

    @Test
    void deleteDirectiveInMap() {
        JsonNode out = deployment("{'spec':{'strategy':{'$patch':'delete'}}}");
        assertThat(out.at("/spec/strategy")).isEqualTo(json("{}"));
    }

    @Test
    void replaceDirectiveInList() {
        JsonNode out = deployment("{'spec':{'template':{'spec':{'containers':[{'name':'only','image':'x'},{'$patch':'replace'}]}}}}");
        assertThat(containers(out)).isEqualTo(json("[{'name':'only','image':'x'}]"));
    }

    @Test
    void mergeDirectiveIsANoOp() {
        JsonNode out = deployment("{'spec':{'strategy':{'$patch':'merge','type':'Recreate'}}}");
        assertThat(out.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(out.at("/spec/strategy/rollingUpdate").isObject()).isTrue();
    }

    @Test
    void patchOrderWinsForNamedItemsAndServerItemsKeepTheirPlace() {
        String pod = "{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}";
        JsonNode out = StrategicMergePatch.apply(json(pod), json("{'spec':{'containers':[{'name':'c','image':'x'}]}}"), Pod.class);
        assertThat(names(out.at("/spec/containers"))).containsExactly("a", "b", "c");
        JsonNode reordered = StrategicMergePatch.apply(json(pod),
                json("{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'},{'name':'b'}]}}"), Pod.class);
        assertThat(names(reordered.at("/spec/containers"))).containsExactly("c", "a", "b");
    }

    @Test
    void volumeChangingSourceWithRetainKeys() {
        String pod = "{'spec':{'volumes':[{'name':'v','emptyDir':{}},{'name':'w','emptyDir':{}}]}}";
        JsonNode out = StrategicMergePatch.apply(json(pod),
                json("{'spec':{'volumes':[{'$retainKeys':['configMap','name'],'name':'v','configMap':{'name':'c'}}]}}"), Pod.class);
        assertThat(out.at("/spec/volumes")).isEqualTo(json("[{'name':'v','configMap':{'name':'c'}},{'name':'w','emptyDir':{}}]"));
    }

    @Test
    void newValuesLoseNullsAndDirectives() {
        JsonNode out = StrategicMergePatch.apply(json("{'spec':{}}"),
                json("{'spec':{'nodeSelector':{'a':'b','c':null},'containers':[{'name':'x','image':null,'$retainKeys':['name']}]}}"), Pod.class);
        assertThat(out).isEqualTo(json("{'spec':{'nodeSelector':{'a':'b'},'containers':[{'name':'x'}]}}"));
    }

    @Test
    void statusConditionsMergeOnType() {
        String pod = "{'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'PodScheduled','status':'True'}]}}";
        JsonNode out = StrategicMergePatch.apply(json(pod), json("{'status':{'conditions':[{'type':'Ready','status':'True'}]}}"), Pod.class);
        assertThat(out.at("/status/conditions")).isEqualTo(json("[{'type':'Ready','status':'True'},{'type':'PodScheduled','status':'True'}]"));
    }

    @Test
    void listsOfUnknownTypesAreReplaced() {
        JsonNode out = StrategicMergePatch.apply(json("{'a':{'l':[{'name':'x'}]}}"), json("{'a':{'l':[{'name':'y'}]}}"), Object.class);
        assertThat(out).isEqualTo(json("{'a':{'l':[{'name':'y'}]}}"));
    }

    @Test
    void missingMergeKeyIsBadRequest() {
        StatusException e = failure("{'spec':{'containers':[]}}", "{'spec':{'containers':[{'image':'x'}]}}", Pod.class);
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("map: map[image:x] does not contain declared merge key: name");
    }

    @Test
    void unknownDirectiveIsBadRequest() {
        StatusException e = failure("{'spec':{}}", "{'spec':{'$patch':'frob'}}", Pod.class);
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Unknown patch type: frob in map: map[$patch:frob]");
    }

    @Test
    void nonObjectPatchIsBadRequest() {
        StatusException e = failure("{}", "[1]", Pod.class);
        assertThat(e.getMessage()).isEqualTo("json: cannot unmarshal array into Go value of type map[string]interface {}");
    }

    @Test
    void originalIsNotModified() {
        JsonNode original = json(DEPLOYMENT);
        StrategicMergePatch.apply(original, json("{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'x'}]}}}}"), Deployment.class);
        assertThat(original).isEqualTo(json(DEPLOYMENT));
    }
}
