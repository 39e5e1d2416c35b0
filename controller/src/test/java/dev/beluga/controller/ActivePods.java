package dev.beluga.controller;

import dev.beluga.client.WatchHandler.EventType;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pods a watch has shown active (neither terminated nor being deleted), by name, and the most there ever were at once. */
public final class ActivePods implements ReadyingKubelet.Observer {
    private final Map<String, Pod> active = new LinkedHashMap<>();
    private int max;

    @Override
    public synchronized void seen(EventType type, Pod pod) {
        String name = pod.getMetadata().getName();
        if (type == EventType.DELETED || !PodReadiness.isActive(pod)) active.remove(name);
        else active.put(name, pod);
        max = Math.max(max, active.size());
    }

    public synchronized List<Pod> pods() {
        return List.copyOf(active.values());
    }

    public synchronized int max() {
        return max;
    }
}
