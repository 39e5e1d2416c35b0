package dev.beluga.stream.remotecommand;

import dev.beluga.stream.UpgradeSplice;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks the kubelet for a remotecommand session over SPDY/3.1, as client-go's SPDY executor does:
 * {@code POST} with {@code Upgrade: SPDY/3.1} and {@code X-Stream-Protocol-Version: v4.channel.k8s.io}
 * (only v4: its error channel carries the exit code as a Status, which is what the WebSocket
 * protocols relay).
 */
public final class SpdyUpgrade {
    public static final String PROTOCOL = "v4.channel.k8s.io";
    /** How long the kubelet may take to answer the upgrade. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /** The kubelet's answer. */
    public sealed interface Result {
        record Upgraded(SpdyConnection connection) implements Result {}

        /** Not switched: the Status to show the client on the error channel. */
        record Refused(byte[] status) implements Result {}
    }

    private SpdyUpgrade() {}

    /** Dials and upgrades; the socket is closed unless the result is {@link Result.Upgraded}. */
    public static Result connect(SpdyUpstream upstream) throws IOException {
        Socket socket = upstream.dialer().dial();
        try {
            socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(upstream));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 32 * 1024);
            UpgradeSplice.Head head = UpgradeSplice.readHead(in);
            if (head.status() != 101) {
                byte[] body = UpgradeSplice.readBody(in, head);
                socket.close();
                return new Result.Refused(ErrorChannelStatus.upgradeRefused(head.status(), body));
            }
            String chosen = head.first("X-Stream-Protocol-Version");
            if (!chosen.equals(PROTOCOL)) {
                socket.close();
                return new Result.Refused(ErrorChannelStatus.internalError("the kubelet answered the upgrade with stream protocol \""
                        + chosen + "\", and only " + PROTOCOL + " is translated to WebSocket"));
            }
            socket.setSoTimeout(0);
            return new Result.Upgraded(new SpdyConnection(socket, in));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    static byte[] requestHead(SpdyUpstream upstream) {
        StringBuilder head = new StringBuilder();
        head.append("POST ").append(upstream.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(upstream.hostHeader()).append("\r\n");
        head.append("Connection: Upgrade\r\n");
        head.append("Upgrade: SPDY/3.1\r\n");
        head.append("X-Stream-Protocol-Version: ").append(PROTOCOL).append("\r\n");
        head.append("Content-Length: 0\r\n");
        upstream.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
