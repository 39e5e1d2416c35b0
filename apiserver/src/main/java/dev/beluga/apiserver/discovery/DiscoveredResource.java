package dev.beluga.apiserver.discovery;

import dev.beluga.api.resources.ResourceType;
import java.util.Comparator;
import java.util.List;

/**
 * One resource with its subresources in discovery order (sorted by name, as upstream lists them).
 *
 * @param type         the registry entry
 * @param subresources its subresources, sorted by name
 */
record DiscoveredResource(ResourceType type, List<SubresourceKind> subresources) {

    static DiscoveredResource of(ResourceType type) {
        return new DiscoveredResource(type, type.subresources().stream()
                .sorted()
                .map(name -> SubresourceKind.of(type, name))
                .toList());
    }

    static Comparator<DiscoveredResource> byName() {
        return Comparator.comparing(r -> r.type().resource());
    }
}
