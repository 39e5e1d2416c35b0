package dev.beluga.cri.images;

import java.util.List;

/**
 * What loading the airgap folder at start did: the project archives written, each archive's import
 * outcome, and the imported names CRI still did not list when the wait ended (empty when all are).
 */
public record ImageLoadReport(List<BuiltImage> written, List<ImportOutcome> outcomes, List<String> notListed) {
    public ImageLoadReport {
        written = List.copyOf(written);
        outcomes = List.copyOf(outcomes);
        notListed = List.copyOf(notListed);
    }

    public List<ImportOutcome.Failed> failures() {
        return outcomes.stream()
                .filter(ImportOutcome.Failed.class::isInstance)
                .map(ImportOutcome.Failed.class::cast)
                .toList();
    }
}
