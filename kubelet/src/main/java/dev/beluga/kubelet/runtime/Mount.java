package dev.beluga.kubelet.runtime;

/** CRI Mount: a host path made visible in the container. */
public record Mount(String containerPath, String hostPath, boolean readonly, boolean selinuxRelabel, Propagation propagation) {
    public enum Propagation { PRIVATE, HOST_TO_CONTAINER, BIDIRECTIONAL }
}
