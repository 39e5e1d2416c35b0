package dev.beluga.scheduler.framework;

import dev.beluga.api.admission.QuantityValidation;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Quantities as the scheduler counts them: cpu in millicores, everything else in units, both rounded
 * up as upstream's MilliValue()/Value() do. The API server has validated the text, so a quantity that
 * does not parse (which cannot be stored) counts as zero.
 */
public final class Quantities {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Quantities() {}

    public static long milliValue(Quantity q) {
        return QuantityValidation.value(QuantityValidation.text(q))
                .map(v -> v.multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValue())
                .orElse(0L);
    }

    public static long value(Quantity q) {
        return QuantityValidation.value(QuantityValidation.text(q))
                .map(v -> v.setScale(0, RoundingMode.CEILING).longValue())
                .orElse(0L);
    }

    /** cpu in millicores, any other resource in units. */
    public static long amount(String resource, Quantity q) {
        return ResourceNames.CPU.equals(resource) ? milliValue(q) : value(q);
    }
}
