package dev.beluga.client;

import java.util.List;

/** A list's items, its resourceVersion (where a watch continues) and the next page's token ("" = last page). */
public record ObjectList<T>(List<T> items, String resourceVersion, String continueToken) {
    public ObjectList {
        items = List.copyOf(items);
    }
}
