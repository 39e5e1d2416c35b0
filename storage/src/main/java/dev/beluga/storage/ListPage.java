package dev.beluga.storage;

import java.util.List;

/**
 * One page of a list, read at one revision.
 *
 * @param items    values in ascending key order
 * @param revision the revision the page was read at (pass it back to read the next page consistently)
 * @param more     true when keys after the last item exist at that revision
 */
public record ListPage(List<KeyValue> items, long revision, boolean more) {
    public String lastKey() {
        return items.isEmpty() ? "" : items.getLast().key();
    }
}
