package dev.beluga.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.kubelet.runtime.KeyValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cases of upstream's expansion_test.go. */
class VariableExpansionTest {
    private static final Map<String, String> VARS = Map.of("VAR_A", "A", "VAR_B", "B", "VAR_C", "C", "VAR_EMPTY", "");

    private static String expand(String in) {
        return VariableExpansion.expand(in, VariableExpansion.keepingUnknown(VARS));
    }

    @Test
    void referencesEscapesAndLiterals() {
        assertThat(expand("$(VAR_A)")).isEqualTo("A");
        assertThat(expand("___$(VAR_B)___")).isEqualTo("___B___");
        assertThat(expand("$(VAR_A)-$(VAR_B)-$(VAR_C)")).isEqualTo("A-B-C");
        assertThat(expand("foo$(VAR_EMPTY)bar")).isEqualTo("foobar");
        assertThat(expand("$$(VAR_A)")).isEqualTo("$(VAR_A)");
        assertThat(expand("$$$(VAR_A)")).isEqualTo("$A");
        assertThat(expand("$(VAR_DNE)")).isEqualTo("$(VAR_DNE)");
        assertThat(expand("$()")).isEqualTo("$()");
        assertThat(expand("$(VAR_A")).isEqualTo("$(VAR_A");
        assertThat(expand("$VAR_A")).isEqualTo("$VAR_A");
        assertThat(expand("$")).isEqualTo("$");
        assertThat(expand("f00__(VAR_A)__")).isEqualTo("f00__(VAR_A)__");
    }

    @Test
    void aLaterVariableOfTheSameNameWins() {
        assertThat(VariableExpansion.byName(List.of(new KeyValue("A", "1"), new KeyValue("A", "2")))).containsEntry("A", "2");
    }
}
