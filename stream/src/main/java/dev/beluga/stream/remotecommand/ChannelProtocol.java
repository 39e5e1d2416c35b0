package dev.beluga.stream.remotecommand;

import java.util.List;
import java.util.Optional;

/**
 * The WebSocket subprotocols of remotecommand this API server terminates itself (and translates to
 * SPDY towards the kubelet). Each message carries its channel in the first byte: binary protocols
 * as the byte itself, base64 ones as the digit '0'+channel followed by the base64 of the data.
 */
public enum ChannelProtocol {
    /** KEP-4006: v4's channels plus the client's close signal {@code [255, channel]}. */
    V5("v5.channel.k8s.io", false, true),
    V4("v4.channel.k8s.io", false, false),
    V4_BASE64("v4.base64.channel.k8s.io", true, false);

    private final String id;
    private final boolean base64;
    private final boolean closeSignal;

    ChannelProtocol(String id, boolean base64, boolean closeSignal) {
        this.id = id;
        this.base64 = base64;
        this.closeSignal = closeSignal;
    }

    /** The Sec-WebSocket-Protocol token. */
    public String id() {
        return id;
    }

    /** Text frames with base64 payloads rather than binary frames. */
    public boolean base64() {
        return base64;
    }

    /** Whether a message on channel 255 closes one of the client's streams (v5). */
    public boolean closeSignal() {
        return closeSignal;
    }

    /**
     * The protocol to speak for a client offering {@code offered} (Sec-WebSocket-Protocol tokens in
     * the client's order): v5 whenever offered, as upstream's API server sends every v5 request to its
     * stream translator, which serves only v5; otherwise the first offered v4 variant, as upstream's
     * kubelet picks the first offered protocol it knows. Empty when none is served here: the request
     * then goes to the kubelet unchanged, which refuses what it does not know, as upstream.
     */
    public static Optional<ChannelProtocol> negotiate(List<String> offered) {
        if (offered.contains(V5.id)) return Optional.of(V5);
        for (String token : offered) {
            for (ChannelProtocol p : values()) {
                if (p.id.equals(token)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
