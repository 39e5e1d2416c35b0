package dev.beluga.server;

import dev.beluga.stream.remotecommand.WebSocketRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A remotecommand client over WebSocket written from the protocol, not from kubectl: the JDK's
 * WebSocket with a channel subprotocol against a server's pods/exec, with the cluster's CA and admin
 * token from its data directory. Proves the API server itself speaks v5.channel.k8s.io (kubectl
 * could have fallen back to SPDY).
 */
final class RemoteCommandWebSocketClient {
    /** Everything the server sent, the protocol it chose and how it closed. */
    record Session(String subprotocol, List<byte[]> messages, int closeCode) {
        String channel(int channel) {
            return WebSocketRecorder.channel(messages, channel);
        }
    }

    private RemoteCommandWebSocketClient() {}

    /**
     * Opens {@code pathAndQuery} on the cluster in {@code dataDir} offering {@code protocol}, sends each of
     * {@code toSend} as a binary message, and waits (bounded) for the server to close.
     */
    static Session run(Path dataDir, String pathAndQuery, String protocol, List<byte[]> toSend) throws Exception {
        WebSocketRecorder client = new WebSocketRecorder();
        WebSocket ws = open(dataDir, pathAndQuery, protocol, client).get(30, TimeUnit.SECONDS);
        for (byte[] m : toSend) ws.sendBinary(ByteBuffer.wrap(m), true).get(30, TimeUnit.SECONDS);
        int code = client.closed.get(LocalNodeCluster.WAIT.toSeconds(), TimeUnit.SECONDS);
        return new Session(ws.getSubprotocol(), List.copyOf(client.messages), code);
    }

    /** The HTTP status of a handshake the server refuses (fails the test if it is accepted). */
    static int refusedHandshake(Path dataDir, String pathAndQuery, String protocol) throws Exception {
        try {
            open(dataDir, pathAndQuery, protocol, new WebSocketRecorder()).get(30, TimeUnit.SECONDS).abort();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) return refused.getResponse().statusCode();
            throw e;
        }
        throw new AssertionError("the server accepted a WebSocket offering only " + protocol);
    }

    private static CompletableFuture<WebSocket> open(Path dataDir, String pathAndQuery, String protocol, WebSocketRecorder client)
            throws IOException, GeneralSecurityException {
        String server = Files.readAllLines(dataDir.resolve("kubeconfig.yaml")).stream().map(String::strip)
                .filter(l -> l.startsWith("server:")).findFirst().orElseThrow().substring("server:".length()).strip();
        String token = Files.readString(dataDir.resolve("admin.token")).strip();
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(dataDir.resolve("pki/ca.crt"))).build();
        return http.newWebSocketBuilder().subprotocols(protocol).header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(server.replaceFirst("^https", "wss") + pathAndQuery), client);
    }

    static byte[] message(int channel, String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        byte[] m = new byte[d.length + 1];
        m[0] = (byte) channel;
        System.arraycopy(d, 0, m, 1, d.length);
        return m;
    }

    private static SSLContext trusting(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("cluster-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
