package dev.beluga.cri;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beluga.kubelet.runtime.ContainerRuntimeException.Code;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class CriErrorsTest {
    @Test
    void grpcCodesBecomeRuntimeCodes() {
        assertThat(CriErrors.of("StartContainer c", Status.NOT_FOUND.withDescription("no such container").asRuntimeException()))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("StartContainer c: NOT_FOUND: no such container");
                });
        assertThat(CriErrors.of("x", Status.FAILED_PRECONDITION.asRuntimeException()).code()).isEqualTo(Code.FAILED_PRECONDITION);
        assertThat(CriErrors.of("x", Status.UNAVAILABLE.asRuntimeException()).code()).isEqualTo(Code.UNAVAILABLE);
        assertThat(CriErrors.of("x", Status.UNKNOWN.asRuntimeException()).code()).isEqualTo(Code.FAILED);
        assertThat(CriErrors.of("x", Status.DEADLINE_EXCEEDED.asRuntimeException()).code()).isEqualTo(Code.FAILED);
    }

    @Test
    void aFailedPullIsAnImagePullFailureUnlessTheRuntimeIsDown() {
        var missing = CriErrors.ofPull("nope:1", Status.UNKNOWN.withDescription("failed to pull and unpack image \"nope:1\"").asRuntimeException());
        assertThat(missing.code()).isEqualTo(Code.IMAGE_PULL_FAILED);
        assertThat(missing.getMessage()).isEqualTo("failed to pull and unpack image \"nope:1\"");
        assertThat(CriErrors.ofPull("nope:1", Status.UNAVAILABLE.asRuntimeException()).code()).isEqualTo(Code.UNAVAILABLE);
    }
}
