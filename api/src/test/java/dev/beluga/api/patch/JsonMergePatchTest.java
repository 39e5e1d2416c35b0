package dev.beluga.api.patch;

import static dev.beluga.api.patch.Trees.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.errors.StatusException;
import org.junit.jupiter.api.Test;

class JsonMergePatchTest {

    @Test
    void mergesNestedObjects() {
        JsonNode out = JsonMergePatch.apply(json("{'a':{'b':1,'c':2},'d':3}"), json("{'a':{'b':9}}"));
        assertThat(out).isEqualTo(json("{'a':{'b':9,'c':2},'d':3}"));
    }

    @Test
    void nullRemovesMember() {
        assertThat(JsonMergePatch.apply(json("{'a':1,'b':2}"), json("{'a':null}"))).isEqualTo(json("{'b':2}"));
    }

    @Test
    void arraysAreReplaced() {
        assertThat(JsonMergePatch.apply(json("{'a':[1,2,3]}"), json("{'a':[4]}"))).isEqualTo(json("{'a':[4]}"));
    }

    @Test
    void nullsInsideNewObjectsAreDropped() {
        assertThat(JsonMergePatch.apply(json("{}"), json("{'a':{'b':null,'c':1}}"))).isEqualTo(json("{'a':{'c':1}}"));
    }

    @Test
    void objectReplacesScalar() {
        assertThat(JsonMergePatch.apply(json("{'a':'x'}"), json("{'a':{'b':1}}"))).isEqualTo(json("{'a':{'b':1}}"));
    }

    @Test
    void targetIsNotModified() {
        JsonNode target = json("{'a':{'b':1}}");
        JsonMergePatch.apply(target, json("{'a':{'b':2}}"));
        assertThat(target).isEqualTo(json("{'a':{'b':1}}"));
    }

    @Test
    void scalarPatchIsBadRequest() {
        assertThatThrownBy(() -> JsonMergePatch.apply(json("{}"), json("3")))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("Invalid JSON Patch");
                });
    }

    @Test
    void arrayPatchReplacesWholeDocument() {
        assertThat(JsonMergePatch.apply(json("{'a':1}"), json("[1]"))).isEqualTo(json("[1]"));
    }
}
