package dev.beluga.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;

/** One write that brings the API's mirror pods in line with the node's static pods. */
public sealed interface MirrorAction {
    /** Create the mirror of this static pod. */
    record Create(Pod staticPod) implements MirrorAction {}

    /**
     * Delete this mirror (grace 0, only while it still has this uid): its static pod is gone or
     * changed, or someone deleted it through the API (the kubelet then creates it anew).
     */
    record Delete(String namespace, String name, String uid, String reason) implements MirrorAction {}
}
