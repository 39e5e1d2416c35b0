package dev.beluga.stream.remotecommand;

import java.util.Arrays;

/** One whole WebSocket data message (fragments joined): text or binary, and its payload. */
public record WebSocketMessage(boolean text, byte[] payload) {
    /** Equal when the payloads' bytes are (a record compares arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof WebSocketMessage m && m.text == text && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * Boolean.hashCode(text) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return (text ? "text" : "binary") + Arrays.toString(payload);
    }
}
