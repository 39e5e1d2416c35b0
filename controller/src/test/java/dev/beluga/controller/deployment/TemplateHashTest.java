package dev.beluga.controller.deployment;

import static dev.beluga.controller.deployment.DeploymentFixtures.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateHashTest {
    @Test
    void fnv1aMatchesTheReferenceVectors() {
        assertThat(TemplateHash.fnv1a(0x811c9dc5, new byte[0])).isEqualTo(0x811c9dc5);
        assertThat(TemplateHash.fnv1a(0x811c9dc5, "a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xe40c292c);
        assertThat(TemplateHash.fnv1a(0x811c9dc5, "foobar".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xbf9cf968);
    }

    @Test
    void safeEncodingMapsDigitsAsUpstream() {
        // rand.SafeEncodeString("1234567890"): each byte modulo 27 into "bcdfghjklmnpqrstvwxz2456789".
        assertThat(TemplateHash.safeEncode("1234567890")).isEqualTo("56789bcdf4");
    }

    @Test
    void theSameTemplateHashesTheSameAndADifferentOneDifferently() {
        String a = TemplateHash.of(template("nginx:1"), Optional.empty());
        assertThat(TemplateHash.of(template("nginx:1"), Optional.empty())).isEqualTo(a);
        assertThat(TemplateHash.of(template("nginx:2"), Optional.empty())).isNotEqualTo(a);
        assertThat(a).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
    }

    @Test
    void theCollisionCountChangesTheHash() {
        String none = TemplateHash.of(template("nginx:1"), Optional.empty());
        String zero = TemplateHash.of(template("nginx:1"), Optional.of(0));
        String one = TemplateHash.of(template("nginx:1"), Optional.of(1));
        assertThat(zero).isNotEqualTo(none);
        assertThat(one).isNotEqualTo(zero);
    }

    @Test
    void templatesAreEqualIgnoringTheHashLabel() {
        var a = template("nginx:1");
        var b = template("nginx:1");
        b.getMetadata().setLabels(new java.util.HashMap<>(b.getMetadata().getLabels()));
        b.getMetadata().getLabels().put(TemplateHash.LABEL, "abc");
        b.getMetadata().setAnnotations(new java.util.HashMap<>());
        assertThat(PodTemplateEquality.equalIgnoringHash(a, b)).isTrue();
        b.getMetadata().getLabels().put("other", "x");
        assertThat(PodTemplateEquality.equalIgnoringHash(a, b)).isFalse();
        assertThat(PodTemplateEquality.equalIgnoringHash(a, template("nginx:2"))).isFalse();
    }
}
