package dev.beluga.apiserver.registry;

import dev.beluga.api.selection.FieldSelector;
import dev.beluga.api.selection.LabelSelector;
import java.util.Optional;

/**
 * What a list or watch selects.
 *
 * @param limit           page size, 0 = everything
 * @param continueToken   the token of the previous page
 * @param resourceVersion as sent ("" = most recent, "0" = any)
 */
public record ListOptions(LabelSelector labels, FieldSelector fields, int limit, Optional<String> continueToken, String resourceVersion) {
    public boolean selectsEverything() {
        return labels.isEverything() && fields.isEverything();
    }
}
