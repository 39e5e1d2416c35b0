package dev.beluga.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One persistent HTTPS/1.1 connection issuing requests one after another, as a load generator (wrk)
 * does. The benchmark uses it for the throughput phase because the JDK's asynchronous HttpClient
 * spends more CPU per request than the server it measures, on the same two cores. It understands
 * only what the API server sends for single objects: a status line, headers and a Content-Length body.
 */
final class KeepAliveConnection implements AutoCloseable {
    record Reply(int status, byte[] body) {}

    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private final String token;

    KeepAliveConnection(SSLContext ssl, URI base, String token) throws IOException {
        this.socket = (SSLSocket) ssl.getSocketFactory().createSocket(base.getHost(), base.getPort());
        this.socket.setTcpNoDelay(true);
        this.socket.startHandshake();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.host = base.getHost() + ":" + base.getPort();
        this.token = token;
    }

    Reply send(String method, String path, byte[] body) throws IOException {
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 ")) throw new IOException("unexpected status line: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Integer.parseInt(h.substring(colon + 1).trim());
            }
        }
        if (length < 0) throw new IOException("response without Content-Length");
        return new Reply(code, in.readNBytes(length));
    }

    /** Sends a GET whose answer is a chunked stream (a watch) and returns its body, de-chunked. */
    InputStream stream(String path) throws IOException {
        String head = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/json\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 200")) throw new IOException("watch refused: " + status);
        boolean chunked = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            chunked |= h.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:") && h.toLowerCase(Locale.ROOT).contains("chunked");
        }
        if (!chunked) throw new IOException("a watch answer must be chunked");
        return new InputStream() {
            private int left;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (ended) return -1;
                if (left == 0) {
                    String size = line();
                    if (size.isEmpty()) size = line();
                    left = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (left == 0) {
                        ended = true;
                        return -1;
                    }
                }
                int n = in.read(b, off, Math.min(len, left));
                if (n < 0) throw new IOException("connection closed inside a chunk");
                left -= n;
                return n;
            }
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("connection closed by the server");
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
