package dev.beluga.stream.remotecommand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Status objects the translator writes on the error channel itself, as upstream's
 * StreamTranslatorHandler does (success when the runtime said nothing, InternalError when the
 * kubelet could not be reached or refused the upgrade); the runtime's own Status passes unchanged.
 */
public final class ErrorChannelStatus {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ErrorChannelStatus() {}

    /** {@code {"status":"Success"}}: what remotecommand v4 reads as exit code 0. */
    public static byte[] success() {
        return json(new StatusBuilder().withNewMetadata().endMetadata().withStatus("Success").build());
    }

    /** Upstream's apierrors.NewInternalError(err): 500, reason InternalError, the error as the one cause. */
    public static byte[] internalError(String error) {
        StatusCause cause = new StatusCause();
        cause.setMessage(error);
        return json(new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure").withCode(500).withReason("InternalError")
                .withMessage("Internal error occurred: " + error).withNewDetails().withCauses(cause).endDetails().build());
    }

    /**
     * A kubelet's answer other than 101 to the SPDY upgrade, as client-go's SPDY round tripper reports
     * it: a Status body is that Status, any other body becomes "unable to upgrade connection: body".
     */
    public static byte[] upgradeRefused(int code, byte[] body) {
        Optional<Status> status = status(body);
        if (status.isPresent()) return json(status.get());
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) text = "the kubelet answered " + code;
        return internalError("unable to upgrade connection: " + text);
    }

    private static Optional<Status> status(byte[] body) {
        try {
            // The kind must be in the body itself: fabric8's Status says "Status" even for any other JSON object.
            if (!"Status".equals(JSON.readTree(body).path("kind").asText())) return Optional.empty();
            return Optional.of(JSON.readValue(body, Status.class));
        } catch (java.io.IOException | RuntimeException notAStatus) {
            return Optional.empty();
        }
    }

    private static byte[] json(Status status) {
        try {
            return JSON.writeValueAsBytes(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Status always serializes", e);
        }
    }
}
