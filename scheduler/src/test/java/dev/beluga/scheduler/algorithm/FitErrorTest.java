package dev.beluga.scheduler.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FitErrorTest {

    @Test
    void reasonsAreCountedAndSortedAsStringsLikeUpstream() {
        FitError e = new FitError(3, Map.of("Insufficient cpu", 2, "node(s) didn't match Pod's node affinity/selector", 1));
        assertThat(e.message()).isEqualTo("0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu.");
    }

    @Test
    void sortingIsLexicalNotNumeric() {
        FitError e = new FitError(12, Map.of("Insufficient memory", 10, "node(s) were unschedulable", 2));
        assertThat(e.message()).isEqualTo("0/12 nodes are available: 10 Insufficient memory, 2 node(s) were unschedulable.");
    }

    @Test
    void withoutReasonsOnlyTheCountRemains() {
        assertThat(new FitError(0, Map.of()).message()).isEqualTo("0/0 nodes are available:");
    }
}
