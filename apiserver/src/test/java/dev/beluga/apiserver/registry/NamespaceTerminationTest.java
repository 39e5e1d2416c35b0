package dev.beluga.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.storage.KeyValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The answer follows the stored version: a namespace marked for deletion is seen as terminating at its next revision. */
class NamespaceTerminationTest {
    private static KeyValue stored(long revision, String metadata) {
        return new KeyValue("/registry/namespaces/a", ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":" + metadata + "}")
                .getBytes(StandardCharsets.UTF_8), 2, revision);
    }

    @Test
    void followsTheStoredVersion() {
        NamespaceTermination namespaces = new NamespaceTermination();
        KeyValue active = stored(2, "{\"name\":\"a\"}");
        KeyValue deleting = stored(9, "{\"name\":\"a\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"}");

        assertThat(namespaces.terminating(active)).isFalse();
        assertThat(namespaces.terminating(active)).as("asked again at the same revision").isFalse();
        assertThat(namespaces.terminating(deleting)).as("a newer revision is decoded").isTrue();
        assertThat(namespaces.terminating(deleting)).isTrue();
        assertThat(namespaces.terminating(stored(12, "{\"name\":\"a\"}"))).as("created again after it went").isFalse();
    }
}
