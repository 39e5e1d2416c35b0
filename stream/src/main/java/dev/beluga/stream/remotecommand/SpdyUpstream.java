package dev.beluga.stream.remotecommand;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;

/**
 * Where the SPDY side of a translated session goes: how to reach the kubelet, and the request that
 * asks it for the exec/attach session ({@code target} with its query, the Host header, and headers
 * such as the Authorization the kubelet checks).
 */
public record SpdyUpstream(Dialer dialer, String target, String hostHeader, Map<String, String> headers) {
    /** Opens a connected (and, for HTTPS, handshaken) socket to the kubelet. */
    @FunctionalInterface
    public interface Dialer {
        Socket dial() throws IOException;
    }
}
