package dev.beluga.stream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * An HTTP upgrade proxy (upstream's UpgradeAwareHandler): the client's request goes to the upstream
 * with its upgrade headers; if the upstream switches protocols, its 101 goes back to the client and
 * both connections are spliced byte for byte, so whatever the two ends negotiate (SPDY/3.1 with
 * remotecommand v1–v4, WebSocket channel protocols) works through it unchanged. Any other answer is
 * relayed as is (status, type, body) and the upstream connection closed.
 */
public final class UpgradeSplice {
    /** Headers that belong to this hop or that the proxy sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "authorization", "content-length", "transfer-encoding",
            "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer", "cookie");
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** Upstream's kubelet closes streams idle for 4 hours (--streaming-connection-idle-timeout). */
    public static final Duration IDLE_TIMEOUT = Duration.ofHours(4);
    /** How long the far end may take to answer the forwarded head (and to send a refusal's body). */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /** The upstream's answer to the forwarded request head. */
    public record Head(int status, String reason, List<Map.Entry<String, String>> headers) {
        public String first(String name) {
            for (Map.Entry<String, String> h : headers) if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
            return "";
        }
    }

    private UpgradeSplice() {}

    /**
     * Forwards {@code request} to {@code upstream} as {@code method target}, then splices or relays.
     * Owns {@code upstream}: it is closed when the exchange ends.
     *
     * @param extraHeaders set on the forwarded request (e.g. the Authorization the next hop checks)
     */
    public static void proxy(Request request, Response response, Callback callback, Socket upstream, String target,
                             String hostHeader, Map<String, String> extraHeaders) throws IOException {
        OutputStream out = upstream.getOutputStream();
        InputStream in = new BufferedInputStream(upstream.getInputStream(), 16 * 1024);
        Head head;
        try {
            // A far end that accepts but never answers must not hold the exchange forever.
            upstream.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
            out.write(requestHead(request, target, hostHeader, extraHeaders));
            out.flush();
            head = readHead(in);
        } catch (IOException e) {
            upstream.close();
            throw e;
        }
        if (head.status() == 101) {
            response.setStatus(101);
            for (Map.Entry<String, String> h : head.headers()) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("content-length") || name.equals("transfer-encoding") || name.equals("date")) continue;
                response.getHeaders().add(h.getKey(), h.getValue());
            }
            upstream.setSoTimeout(0);
            SplicedConnection spliced = new SplicedConnection(request.getConnectionMetaData().getConnection().getEndPoint(),
                    request.getComponents().getExecutor(), upstream, in, out);
            // Jetty swaps this connection in once the 101 has been written (HttpConnection on completion).
            request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, spliced);
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        try (upstream) {
            byte[] body = readBody(in, head);
            response.setStatus(head.status());
            String type = head.first("Content-Type");
            if (!type.isEmpty()) response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    static byte[] requestHead(Request request, String target, String hostHeader, Map<String, String> extraHeaders) {
        StringBuilder head = new StringBuilder();
        head.append(request.getMethod()).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader).append("\r\n");
        for (HttpField f : request.getHeaders()) {
            if (NOT_FORWARDED.contains(f.getLowerCaseName())) continue;
            head.append(f.getName()).append(": ").append(f.getValue()).append("\r\n");
        }
        extraHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The status line and headers, read byte by byte so nothing past the blank line is consumed. */
    public static Head readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) throw new IOException("the upstream closed the connection before answering");
            if (++total > MAX_HEAD) throw new IOException("the upstream's response head exceeds " + MAX_HEAD + " bytes");
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
                line.reset();
                if (s.isEmpty()) break;
                lines.add(s);
            } else {
                line.write(b);
            }
        }
        if (lines.isEmpty()) throw new IOException("the upstream sent an empty response head");
        String[] status = lines.getFirst().split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) throw new IOException("not an HTTP response: " + lines.getFirst());
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + lines.getFirst());
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String h : lines.subList(1, lines.size())) {
            int colon = h.indexOf(':');
            if (colon > 0) headers.add(Map.entry(h.substring(0, colon).trim(), h.substring(colon + 1).trim()));
        }
        return new Head(code, status.length > 2 ? status[2] : "", headers);
    }

    /** The body of a refusal: its Content-Length, or (chunked or unframed) what comes until close, capped. */
    public static byte[] readBody(InputStream in, Head head) throws IOException {
        String length = head.first("Content-Length");
        if (!length.isEmpty()) {
            try {
                return in.readNBytes((int) Math.min(Long.parseLong(length), MAX_ERROR_BODY));
            } catch (NumberFormatException e) {
                return new byte[0];
            }
        }
        if (head.first("Transfer-Encoding").toLowerCase(Locale.ROOT).contains("chunked")) return readChunked(in);
        return in.readNBytes(MAX_ERROR_BODY);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (body.size() < MAX_ERROR_BODY) {
            String size = readLine(in);
            int semi = size.indexOf(';');
            int n;
            try {
                n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (n == 0) break;
            body.write(in.readNBytes(n));
            readLine(in);
        }
        return body.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') if (b != '\r') line.write(b);
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
