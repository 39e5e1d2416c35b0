package dev.beluga.stream.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * The bridge over real sockets on loopback: a WebSocket client (the JDK's) speaking v5.channel.k8s.io
 * to a Jetty server that translates, and a SPDY/3.1 "kubelet" made of Netty's codec that runs a
 * scripted command: it upper-cases stdin to stdout until stdin ends, then exits 3.
 */
class WebSocketToSpdyBridgeTest {
    private static final String EXIT_3 = "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: "
            + "exit status 3\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}";

    private Server jetty;
    private ServerSocket kubelet;
    private final List<String> kubeletRequests = new CopyOnWriteArrayList<>();
    private final List<Map<Integer, String>> kubeletStreams = new CopyOnWriteArrayList<>();
    private volatile String refusal = "";
    private volatile boolean kubeletDown;
    private final CompletableFuture<String> kubeletConnectionEnded = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        kubelet = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serveKubelet);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                StreamFlags flags = new StreamFlags(true, true, true, false);
                SpdyUpstream upstream = new SpdyUpstream(() -> {
                    if (kubeletDown) throw new java.net.ConnectException("Connection refused");
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), kubelet.getLocalPort()), 5000);
                    return s;
                }, "/exec/ns/pod/c?command=upper&stdin=true&stdout=true&stderr=true", "kubelet:10250", Map.of("Authorization", "Bearer t"));
                return WebSocketToSpdyBridge.servedProtocol(request)
                        .map(p -> WebSocketToSpdyBridge.upgrade(request, response, callback, p, flags, upstream))
                        .orElse(false);
            }
        });
        jetty.start();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        kubelet.close();
    }

    private URI uri() {
        return URI.create("ws://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/exec");
    }

    @Test
    void v5StdinReachesTheCommandItsEndTooAndTheExitStatusComesBackLast() throws Exception {
        WebSocketRecorder client = new WebSocketRecorder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v5.channel.k8s.io")
                .buildAsync(uri(), client).get(10, TimeUnit.SECONDS);
        assertThat(ws.getSubprotocol()).isEqualTo("v5.channel.k8s.io");
        ws.sendBinary(ByteBuffer.wrap(message(0, "hello\n")), true).get(10, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(message(0, "there\n")), true).get(10, TimeUnit.SECONDS);
        // v5's close signal for stdin: the command sees its input end and exits.
        ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).get(10, TimeUnit.SECONDS);

        int code = client.closed.get(30, TimeUnit.SECONDS);
        assertThat(code).isEqualTo(1000);
        List<byte[]> got = client.messages;
        assertThat(got.getFirst()).containsExactly(1); // the empty "established" message on stdout
        assertThat(channel(got, 1)).isEqualTo("HELLO\nTHERE\n");
        assertThat(channel(got, 2)).isEqualTo("stdin ended\n");
        assertThat(got.getLast()[0]).isEqualTo((byte) 3);
        assertThat(channel(got, 3)).isEqualTo(EXIT_3);

        assertThat(kubeletRequests).singleElement().satisfies(head -> {
            assertThat(head).startsWith("POST /exec/ns/pod/c?command=upper&stdin=true&stdout=true&stderr=true HTTP/1.1\r\n");
            assertThat(head.toLowerCase(Locale.ROOT)).contains("upgrade: spdy/3.1").contains("x-stream-protocol-version: v4.channel.k8s.io")
                    .contains("authorization: bearer t");
        });
        assertThat(kubeletStreams.getFirst()).containsExactly(Map.entry(1, "error"), Map.entry(3, "stdin"), Map.entry(5, "stdout"),
                Map.entry(7, "stderr"));
    }

    @Test
    void aKubeletsRefusalIsAStatusOnTheErrorChannel() throws Exception {
        refusal = "container not found (\"c\")";
        WebSocketRecorder client = new WebSocketRecorder();
        HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v5.channel.k8s.io").buildAsync(uri(), client).get(10, TimeUnit.SECONDS);
        assertThat(client.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(channel(client.messages, 3)).contains("\"reason\":\"InternalError\"")
                .contains("Internal error occurred: unable to upgrade connection: container not found (\\\"c\\\")");
    }

    @Test
    void anUnreachableKubeletIsAStatusOnTheErrorChannel() throws Exception {
        kubeletDown = true;
        WebSocketRecorder client = new WebSocketRecorder();
        HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v5.channel.k8s.io").buildAsync(uri(), client).get(10, TimeUnit.SECONDS);
        assertThat(client.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(channel(client.messages, 3)).contains("\"code\":500")
                .contains("Internal error occurred: error dialing backend: Connection refused");
    }

    @Test
    void aClientThatGoesAwayTakesTheKubeletsConnectionWithIt() throws Exception {
        WebSocketRecorder client = new WebSocketRecorder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v5.channel.k8s.io")
                .buildAsync(uri(), client).get(10, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(message(0, "x\n")), true).get(10, TimeUnit.SECONDS);
        // The bridge dials the kubelet on its own thread after the upgrade (and, rightly, not at all for a client gone by
        // then): going away only once the command echoed stdin makes this the case of a connection that is up.
        awaitChannel(client, 1, "X\n");
        ws.abort();
        // The scripted command never ends by itself (stdin stays open): only the bridge closing its side ends it.
        assertThat(kubeletConnectionEnded.get(30, TimeUnit.SECONDS)).isEqualTo("EOF before stdin ended");
    }

    @Test
    void aClientOfferingNoServedProtocolIsNotUpgraded() throws Exception {
        WebSocketRecorder client = new WebSocketRecorder();
        CompletableFuture<WebSocket> ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("channel.k8s.io")
                .buildAsync(uri(), client);
        assertThat(ws).failsWithin(Duration.ofSeconds(10));
        assertThat(kubeletRequests).isEmpty();
    }

    private static void awaitChannel(WebSocketRecorder client, int channel, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!channel(client.messages, channel).equals(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("channel " + channel + " never carried " + text + "; it carried: " + channel(client.messages, channel));
            }
            Thread.sleep(20);
        }
    }

    private static byte[] message(int channel, String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        byte[] m = new byte[d.length + 1];
        m[0] = (byte) channel;
        System.arraycopy(d, 0, m, 1, d.length);
        return m;
    }

    private static String channel(List<byte[]> messages, int channel) {
        return WebSocketRecorder.channel(messages, channel);
    }

    /** One connection at a time: the upgrade, then the scripted command over SPDY. */
    private void serveKubelet() {
        while (!kubelet.isClosed()) {
            try (Socket s = kubelet.accept()) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                // Read the request head up to the blank line.
                int b;
                while ((b = in.read()) >= 0) {
                    head.write(b);
                    if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) break;
                }
                kubeletRequests.add(head.toString(StandardCharsets.ISO_8859_1));
                if (!refusal.isEmpty()) {
                    byte[] body = (refusal + "\n").getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                    continue;
                }
                out.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                runCommand(in, out);
            } catch (IOException e) {
                // The test closed the listener, or a client went away.
            }
        }
    }

    private void runCommand(InputStream in, OutputStream out) throws IOException {
        EmbeddedChannel decoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        EmbeddedChannel encoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        Map<Integer, String> streams = new java.util.LinkedHashMap<>();
        Map<String, Integer> ids = new HashMap<>();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = readOrEnd(in, chunk)) >= 0) {
            decoder.writeInbound(Unpooled.copiedBuffer(chunk, 0, n));
            Object frame;
            while ((frame = decoder.readInbound()) != null) {
                try {
                    if (frame instanceof SpdySynStreamFrame syn) {
                        String type = syn.headers().getAsString(StreamType.HEADER);
                        streams.put(syn.streamId(), type);
                        ids.put(type, syn.streamId());
                        send(encoder, out, new DefaultSpdySynReplyFrame(syn.streamId()));
                    } else if (frame instanceof SpdyDataFrame data && data.streamId() == ids.getOrDefault("stdin", -1)) {
                        String text = data.content().toString(StandardCharsets.UTF_8);
                        if (!text.isEmpty()) send(encoder, out, dataFrame(ids.get("stdout"), text.toUpperCase(Locale.ROOT), false));
                        if (data.isLast()) {
                            kubeletStreams.add(streams);
                            send(encoder, out, dataFrame(ids.get("stderr"), "stdin ended\n", true));
                            // The Status before stdout's end: the bridge must still put it last.
                            send(encoder, out, dataFrame(ids.get("error"), EXIT_3, true));
                            send(encoder, out, dataFrame(ids.get("stdout"), "", true));
                            return;
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(frame);
                }
            }
        }
    }

    /** A read where a reset connection counts as its end too. */
    private int readOrEnd(InputStream in, byte[] chunk) {
        try {
            int n = in.read(chunk);
            if (n < 0) kubeletConnectionEnded.complete("EOF before stdin ended");
            return n;
        } catch (IOException e) {
            kubeletConnectionEnded.complete("EOF before stdin ended");
            return -1;
        }
    }

    private static SpdyDataFrame dataFrame(int stream, String text, boolean last) {
        SpdyDataFrame f = new DefaultSpdyDataFrame(stream, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        f.setLast(last);
        return f;
    }

    private static void send(EmbeddedChannel encoder, OutputStream out, Object frame) throws IOException {
        encoder.writeOutbound(frame);
        ByteBuf b;
        while ((b = encoder.readOutbound()) != null) {
            b.readBytes(out, b.readableBytes());
            b.release();
        }
        out.flush();
    }
}
