package dev.beluga.kubelet.runtime;

/** A runtime call that failed; the code says how the kubelet should react. */
public final class ContainerRuntimeException extends RuntimeException {
    public enum Code {
        /** The sandbox, container or image does not exist. */
        NOT_FOUND,
        /** The image could not be pulled. */
        IMAGE_PULL_FAILED,
        /** The call is not valid in the object's current state (e.g. starting a running container). */
        FAILED_PRECONDITION,
        /** The runtime cannot be reached. */
        UNAVAILABLE,
        /** Anything else the runtime reported. */
        FAILED
    }

    private final Code code;

    public ContainerRuntimeException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public ContainerRuntimeException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
