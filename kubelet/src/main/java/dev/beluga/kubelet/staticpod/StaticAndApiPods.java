package dev.beluga.kubelet.staticpod;

import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.kubelet.PodSource;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * A kubelet's pods from both its sources, as upstream's config merges them: the API's pods bound
 * to the node, minus the mirror pods (they stand for static pods and go to the keeper instead), and
 * the static pods of the manifest folder.
 */
public final class StaticAndApiPods implements PodSource {
    private final PodSource api;
    private final StaticPodSource files;
    private final MirrorPodKeeper keeper;

    public StaticAndApiPods(PodSource api, StaticPodSource files, MirrorPodKeeper keeper) {
        this.api = api;
        this.files = files;
        this.keeper = keeper;
    }

    @Override
    public Registration subscribe(ResourceHandler<Pod> handler) {
        Registration fromApi = api.subscribe(new ResourceHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (StaticPods.isMirror(pod)) keeper.mirrorSeen(pod);
                else handler.onAdd(pod);
            }

            @Override
            public void onUpdate(Pod previous, Pod current) {
                if (StaticPods.isMirror(current)) keeper.mirrorSeen(current);
                else handler.onUpdate(previous, current);
            }

            @Override
            public void onDelete(Pod lastKnown) {
                if (StaticPods.isMirror(lastKnown)) keeper.mirrorGone(lastKnown);
                else handler.onDelete(lastKnown);
            }
        });
        Registration fromFiles = files.subscribe(handler);
        return () -> {
            fromApi.close();
            fromFiles.close();
        };
    }

    @Override
    public boolean hasSynced() {
        return api.hasSynced() && files.hasSynced();
    }
}
