package dev.beluga.cri;

import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ContainerRuntimeException.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Turns a failed CRI call's gRPC status into the kubelet's {@link ContainerRuntimeException}. A pure function. */
final class CriErrors {
    private CriErrors() {}

    static ContainerRuntimeException of(String call, StatusRuntimeException e) {
        Status status = e.getStatus();
        Code code = switch (status.getCode()) {
            case NOT_FOUND -> Code.NOT_FOUND;
            case FAILED_PRECONDITION -> Code.FAILED_PRECONDITION;
            case UNAVAILABLE -> Code.UNAVAILABLE;
            default -> Code.FAILED;
        };
        return new ContainerRuntimeException(code, message(call, status), e);
    }

    /** A failed PullImage is an image pull failure whatever the gRPC code (containerd answers Unknown for a missing image). */
    static ContainerRuntimeException ofPull(String image, StatusRuntimeException e) {
        Status status = e.getStatus();
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            return of("PullImage " + image, e);
        }
        return new ContainerRuntimeException(Code.IMAGE_PULL_FAILED, status.getDescription() == null ? status.getCode().toString()
                : status.getDescription(), e);
    }

    private static String message(String call, Status status) {
        return call + ": " + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    }
}
