package dev.beluga.kubelet.pod;

/** A runtime container id with the runtime's name, printed as the pod status shows it: "containerd://3f2a...". */
public record ContainerId(String runtime, String id) {
    @Override
    public String toString() {
        return runtime + "://" + id;
    }
}
