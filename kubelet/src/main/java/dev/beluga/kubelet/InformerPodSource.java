package dev.beluga.kubelet;

import dev.beluga.client.Kind;
import dev.beluga.client.informer.InformerFactory;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.client.informer.SharedInformer;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.concurrent.atomic.AtomicBoolean;

/** A kubelet's own watch of the pods bound to its node (fieldSelector spec.nodeName=node), as upstream's kubelet does. */
public final class InformerPodSource implements PodSource {
    private final SharedInformer<Pod> informer;

    public InformerPodSource(InformerFactory informers, String nodeName) {
        this.informer = informers.informer(Kind.PODS, "", "", "spec.nodeName=" + nodeName);
    }

    @Override
    public Registration subscribe(ResourceHandler<Pod> handler) {
        AtomicBoolean open = new AtomicBoolean(true);
        // The informer cannot drop a handler, so a closed registration stops passing events on.
        informer.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (open.get()) handler.onAdd(pod);
            }

            @Override
            public void onUpdate(Pod previous, Pod current) {
                if (open.get()) handler.onUpdate(previous, current);
            }

            @Override
            public void onDelete(Pod lastKnown) {
                if (open.get()) handler.onDelete(lastKnown);
            }
        });
        return () -> open.set(false);
    }

    @Override
    public boolean hasSynced() {
        return informer.hasSynced();
    }
}
