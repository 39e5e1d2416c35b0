package dev.beluga.scheduler.framework;

import java.util.List;

/** A filter's answer for one node: the pod fits, or it does not, for upstream's reason strings. */
public sealed interface FilterResult permits FilterResult.Fits, FilterResult.Rejected {
    /** The one "fits" answer (no allocation on the hot path). */
    Fits FITS = new Fits();

    record Fits() implements FilterResult {}

    /** @param reasons upstream's reasons, each counted per node in the "0/N nodes are available" message */
    record Rejected(List<String> reasons) implements FilterResult {
        public Rejected {
            if (reasons.isEmpty()) throw new IllegalArgumentException("a rejection needs a reason");
            reasons = List.copyOf(reasons);
        }
    }

    static Rejected rejected(String... reasons) {
        return new Rejected(List.of(reasons));
    }

    default boolean fits() {
        return this instanceof Fits;
    }
}
