package dev.beluga.apiserver.http;

import dev.beluga.api.conversion.EventConversion;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.apiserver.registry.ObjectCodec;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Resources served in one form and stored in another. As upstream, events.k8s.io/v1 Events share the
 * core Events' storage, so `kubectl describe` sees events whichever API wrote them; they are converted
 * at the edge.
 */
final class ServedForm {
    private ServedForm() {}

    static ResourceType storageType(ResourceType served) {
        return served == ResourceRegistry.EVENTS_V1 ? ResourceRegistry.EVENTS : served;
    }

    static boolean converts(ResourceType served) {
        return served == ResourceRegistry.EVENTS_V1;
    }

    static byte[] out(ResourceType served, byte[] stored) {
        if (!converts(served)) return stored;
        Event core = (Event) ObjectCodec.fromStored(ResourceRegistry.EVENTS, stored);
        return ObjectCodec.toJson(EventConversion.toEventsV1(core));
    }

    static HasMetadata in(ResourceType served, HasMetadata obj) {
        if (!converts(served)) return obj;
        return EventConversion.toCore((io.fabric8.kubernetes.api.model.events.v1.Event) obj);
    }

    static HasMetadata outObject(ResourceType served, HasMetadata stored) {
        if (!converts(served)) return stored;
        return EventConversion.toEventsV1((Event) stored);
    }
}
