package dev.beluga.kubelet.pod;

/** A container's config cannot be built from its spec; the container waits with CreateContainerConfigError. */
public final class ContainerConfigException extends RuntimeException {
    public ContainerConfigException(String message) {
        super(message);
    }
}
