package dev.beluga.api.patch;

import static dev.beluga.api.patch.Trees.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.errors.StatusException;
import org.junit.jupiter.api.Test;

class JsonPatchTest {

    private static JsonNode patch(String doc, String ops) {
        return JsonPatch.apply(json(doc), json(ops));
    }

    private static StatusException failure(String doc, String ops) {
        try {
            patch(doc, ops);
        } catch (StatusException e) {
            return e;
        }
        throw new AssertionError("patch applied");
    }

    @Test
    void addsMember() {
        assertThat(patch("{'a':1}", "[{'op':'add','path':'/b','value':{'c':2}}]")).isEqualTo(json("{'a':1,'b':{'c':2}}"));
    }

    @Test
    void addInsertsAtIndexAndAppendsWithDash() {
        assertThat(patch("{'l':[1,3]}", "[{'op':'add','path':'/l/1','value':2},{'op':'add','path':'/l/-','value':4}]"))
                .isEqualTo(json("{'l':[1,2,3,4]}"));
    }

    @Test
    void removesMemberAndItem() {
        assertThat(patch("{'a':1,'l':[1,2]}", "[{'op':'remove','path':'/a'},{'op':'remove','path':'/l/0'}]")).isEqualTo(json("{'l':[2]}"));
    }

    @Test
    void replacesScaleReplicas() {
        assertThat(patch("{'spec':{'replicas':1}}", "[{'op':'replace','path':'/spec/replicas','value':5}]"))
                .isEqualTo(json("{'spec':{'replicas':5}}"));
    }

    @Test
    void movesAndCopies() {
        assertThat(patch("{'a':{'x':1},'b':{}}", "[{'op':'move','from':'/a/x','path':'/b/y'},{'op':'copy','from':'/b','path':'/c'}]"))
                .isEqualTo(json("{'a':{},'b':{'y':1},'c':{'y':1}}"));
    }

    @Test
    void pointerEscapesSlashAndTilde() {
        JsonNode out = patch("{'metadata':{'labels':{'app.kubernetes.io/name':'x','a~b':'y'}}}",
                "[{'op':'replace','path':'/metadata/labels/app.kubernetes.io~1name','value':'z'},{'op':'remove','path':'/metadata/labels/a~0b'}]");
        assertThat(out).isEqualTo(json("{'metadata':{'labels':{'app.kubernetes.io/name':'z'}}}"));
    }

    @Test
    void passingTestLeavesDocument() {
        assertThat(patch("{'n':80}", "[{'op':'test','path':'/n','value':80.0}]")).isEqualTo(json("{'n':80}"));
    }

    @Test
    void failedTestIsUnprocessable() {
        StatusException e = failure("{'spec':{'replicas':1}}", "[{'op':'test','path':'/spec/replicas','value':2}]");
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.reason()).isEqualTo("Invalid");
        assertThat(e.getMessage()).isEqualTo("the server rejected our request due to an error in our request");
        assertThat(PatchRejections.detail(e)).isEqualTo("testing value /spec/replicas failed: test failed");
    }

    @Test
    void replaceOfMissingKeyIsUnprocessable() {
        StatusException e = failure("{}", "[{'op':'replace','path':'/a','value':1}]");
        assertThat(e.code()).isEqualTo(422);
        assertThat(PatchRejections.detail(e)).isEqualTo("replace operation does not apply: doc is missing key: /a: missing value");
    }

    @Test
    void removeOfMissingPathIsUnprocessable() {
        assertThat(failure("{}", "[{'op':'remove','path':'/a/b'}]").code()).isEqualTo(422);
    }

    @Test
    void addBeyondArrayEndIsUnprocessable() {
        assertThat(failure("{'l':[]}", "[{'op':'add','path':'/l/5','value':1}]").code()).isEqualTo(422);
    }

    @Test
    void unknownOperationIsUnprocessable() {
        StatusException e = failure("{}", "[{'op':'frobnicate','path':'/a'}]");
        assertThat(e.code()).isEqualTo(422);
        assertThat(PatchRejections.detail(e)).isEqualTo("Unexpected kind: frobnicate");
    }

    @Test
    void nonListBodyIsBadRequest() {
        StatusException e = failure("{}", "{'op':'add'}");
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    }

    @Test
    void failureLeavesTargetUntouched() {
        JsonNode target = json("{'a':1}");
        assertThatThrownBy(() -> JsonPatch.apply(target, json("[{'op':'remove','path':'/a'},{'op':'test','path':'/a','value':1}]")))
                .isInstanceOf(StatusException.class);
        assertThat(target).isEqualTo(json("{'a':1}"));
    }

    @Test
    void negativeIndexCountsFromEnd() {
        assertThat(patch("{'l':[1,2,3]}", "[{'op':'remove','path':'/l/-1'}]")).isEqualTo(json("{'l':[1,2]}"));
    }
}
