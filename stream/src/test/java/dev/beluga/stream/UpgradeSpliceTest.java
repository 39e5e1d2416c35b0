package dev.beluga.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upgrade proxy on a real Jetty, between a raw client socket and an upstream answering on loopback. */
class UpgradeSpliceTest {
    private ServerSocket upstream;
    private Server jetty;
    private int port;

    @BeforeEach
    void start() throws Exception {
        upstream = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), upstream.getLocalPort());
                UpgradeSplice.proxy(request, response, callback, socket, "/exec/token123", "127.0.0.1:" + upstream.getLocalPort(),
                        Map.of("Authorization", "Bearer kubelet-token"));
                return true;
            }
        });
        jetty.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        upstream.close();
    }

    @Test
    void aSwitchedConnectionCarriesBytesBothWaysUntilTheUpstreamCloses() throws Exception {
        CompletableFuture<String> seen = serveOnce(upstreamSide -> {
            upstreamSide.out.write(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                    + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            upstreamSide.out.flush();
            // Echo upper-cased until the client's five bytes came, then end the stream (as a finished exec does).
            byte[] got = upstreamSide.in.readNBytes(5);
            upstreamSide.out.write(new String(got, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
            upstreamSide.out.flush();
        });
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(30_000);
            OutputStream out = client.getOutputStream();
            out.write(("POST /exec/ns/p/c?command=sh HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                    + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nX-Stream-Protocol-Version: v3.channel.k8s.io\r\n"
                    + "Authorization: Bearer client-token\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = client.getInputStream();
            UpgradeSplice.Head head = UpgradeSplice.readHead(in);
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.first("Upgrade")).isEqualTo("SPDY/3.1");
            assertThat(head.first("X-Stream-Protocol-Version")).isEqualTo("v4.channel.k8s.io");
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("HELLO");
            // The upstream hung up: so does the client's connection.
            assertThat(in.read()).isEqualTo(-1);
        }
        String request = seen.get(30, TimeUnit.SECONDS);
        assertThat(request).startsWith("POST /exec/token123 HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:" + upstream.getLocalPort() + "\r\n")
                .contains("Upgrade: SPDY/3.1\r\n")
                .contains("X-Stream-Protocol-Version: v4.channel.k8s.io\r\n")
                .contains("X-Stream-Protocol-Version: v3.channel.k8s.io\r\n")
                .contains("Authorization: Bearer kubelet-token\r\n")
                .doesNotContain("client-token");
    }

    @Test
    void aRefusalIsRelayedWithItsStatusAndBody() throws Exception {
        serveOnce(upstreamSide -> {
            upstreamSide.out.write("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nforbidden"
                    .getBytes(StandardCharsets.ISO_8859_1));
            upstreamSide.out.flush();
        });
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(30_000);
            client.getOutputStream().write(("GET /exec/ns/p/c HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = client.getInputStream();
            UpgradeSplice.Head head = UpgradeSplice.readHead(in);
            assertThat(head.status()).isEqualTo(403);
            assertThat(head.first("Content-Type")).startsWith("text/plain");
            assertThat(new String(in.readNBytes(Integer.parseInt(head.first("Content-Length"))), StandardCharsets.UTF_8)).isEqualTo("forbidden");
        }
    }

    private record UpstreamSide(InputStream in, OutputStream out) {}

    private interface Script {
        void run(UpstreamSide side) throws IOException;
    }

    /** Accepts one connection, returns the request head it got, then plays {@code script} and hangs up. */
    private CompletableFuture<String> serveOnce(Script script) {
        CompletableFuture<String> head = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket s = upstream.accept()) {
                s.setSoTimeout(30_000);
                InputStream in = s.getInputStream();
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                while (!seen.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) break;
                    seen.write(b);
                }
                head.complete(seen.toString(StandardCharsets.ISO_8859_1));
                script.run(new UpstreamSide(in, s.getOutputStream()));
            } catch (IOException e) {
                head.completeExceptionally(e);
            }
        });
        return head;
    }
}
