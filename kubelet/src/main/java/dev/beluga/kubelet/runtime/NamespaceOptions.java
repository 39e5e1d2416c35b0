package dev.beluga.kubelet.runtime;

/**
 * CRI NamespaceOption: which Linux namespaces a sandbox's containers share. POD = one per pod,
 * NODE = the host's (hostNetwork, hostPID, hostIPC), CONTAINER = one per container (PID only).
 */
public record NamespaceOptions(Mode network, Mode pid, Mode ipc) {
    public enum Mode { POD, CONTAINER, NODE }

    public static NamespaceOptions podDefaults() {
        return new NamespaceOptions(Mode.POD, Mode.CONTAINER, Mode.POD);
    }

    public boolean hostNetwork() {
        return network == Mode.NODE;
    }
}
