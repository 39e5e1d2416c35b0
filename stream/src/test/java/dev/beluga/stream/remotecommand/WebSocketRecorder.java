package dev.beluga.stream.remotecommand;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A JDK WebSocket listener for remotecommand tests: collects whole binary messages (channel byte first)
 * and the close code. In the test-jar, for the server's end-to-end tests too.
 */
public final class WebSocketRecorder implements WebSocket.Listener {
    public final List<byte[]> messages = Collections.synchronizedList(new ArrayList<>());
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** What arrived on {@code channel}, in order, without the channel bytes. */
    public static String channel(List<byte[]> messages, int channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        synchronized (messages) {
            for (byte[] m : messages) if (m.length > 0 && m[0] == channel) out.write(m, 1, m.length - 1);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.write(b, 0, b.length);
        if (last) {
            messages.add(partial.toByteArray());
            partial.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
    }
}
