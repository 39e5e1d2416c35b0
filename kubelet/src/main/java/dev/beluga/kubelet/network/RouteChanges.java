package dev.beluga.kubelet.network;

import java.util.List;

/**
 * What brings the installed routes to the desired ones: routes to replace (new, or a destination whose
 * gateway changed: `ip route replace` swaps it in one step) and routes to delete (a destination no
 * node has any more).
 */
public record RouteChanges(List<PodRoute> replace, List<PodRoute> delete) {
    public RouteChanges {
        replace = List.copyOf(replace);
        delete = List.copyOf(delete);
    }

    public boolean isEmpty() {
        return replace.isEmpty() && delete.isEmpty();
    }
}
