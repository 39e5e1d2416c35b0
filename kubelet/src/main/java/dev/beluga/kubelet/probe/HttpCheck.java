package dev.beluga.kubelet.probe;

import io.fabric8.kubernetes.api.model.HTTPHeader;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Upstream's http prober: one GET per check on a fresh connection (keep-alive off), HTTPS without
 * certificate verification, the probe's headers over the kubelet's User-Agent and Accept, at most
 * 10 KiB of body read; 200–399 passes, anything else fails with "HTTP probe failed with statuscode: N".
 * Redirects to the same host are followed (up to 10); one to another host is not, and passes with
 * upstream's warning. Written on a plain socket because the JDK's client may not set Host.
 */
final class HttpCheck {
    static final String PROBE_USER_AGENT = "kube-probe/1.32";
    static final String HOOK_USER_AGENT = "kube-lifecycle/1.32";
    private static final int MAX_BODY = 10 * 1024;
    private static final String STATUS_FAILURE = "HTTP probe failed with statuscode: ";
    private static final int MAX_REDIRECTS = 10;

    /** One check's request: everything but where it goes. */
    record Request(String scheme, String path, List<HTTPHeader> headers, String userAgent, Duration timeout) {
        Request {
            headers = headers == null ? List.of() : List.copyOf(headers);
        }
    }

    private record Response(int status, Map<String, String> headers, String body) {}

    private HttpCheck() {}

    static ProbeOutcome run(ProbeAddress to, Request request) {
        String scheme = request.scheme() == null || request.scheme().isEmpty() ? "http" : request.scheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return new ProbeOutcome.Error("unsupported scheme " + request.scheme());
        String target = requestTarget(request.path());
        String url = scheme + "://" + to.hostPort() + target;
        long deadline = System.nanoTime() + request.timeout().toNanos();
        try {
            for (int hops = 0; ; hops++) {
                Response r = exchange(to, scheme, target, request, deadline);
                if (r.status() >= 300 && r.status() < 400 && r.headers().containsKey("location")) {
                    URI next = URI.create(url).resolve(r.headers().get("location"));
                    boolean sameHost = next.getHost() != null && stripBrackets(next.getHost()).equalsIgnoreCase(to.host())
                            && (next.getScheme() == null || next.getScheme().equalsIgnoreCase(scheme))
                            && (next.getPort() == -1 ? defaultPort(scheme) : next.getPort()) == to.port();
                    if (!sameHost) return new ProbeOutcome.Warning("Probe terminated redirects, Response body: " + r.body());
                    if (hops + 1 >= MAX_REDIRECTS) return new ProbeOutcome.Failure("Get \"" + url + "\": stopped after 10 redirects");
                    target = next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath();
                    if (next.getRawQuery() != null) target += "?" + next.getRawQuery();
                    url = next.toString();
                    continue;
                }
                if (r.status() >= 200 && r.status() < 400) {
                    if (r.status() >= 300) return new ProbeOutcome.Warning("Probe terminated redirects, Response body: " + r.body());
                    return new ProbeOutcome.Success(r.body());
                }
                return new ProbeOutcome.Failure(STATUS_FAILURE + r.status());
            }
        } catch (SocketTimeoutException e) {
            return new ProbeOutcome.Failure("Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        } catch (IOException e) {
            return new ProbeOutcome.Failure("Get \"" + url + "\": dial tcp " + to.hostPort() + ": " + GoErrors.dial(e));
        }
    }

    private static Response exchange(ProbeAddress to, String scheme, String target, Request request, long deadline) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(to.address(), to.port()), remaining(deadline));
            Socket s = plain;
            if (scheme.equals("https")) {
                SSLSocket tls = (SSLSocket) insecureTls().getSocketFactory().createSocket(plain, to.host(), to.port(), true);
                tls.setSoTimeout(remaining(deadline));
                tls.startHandshake();
                s = tls;
            }
            s.setSoTimeout(remaining(deadline));
            OutputStream out = s.getOutputStream();
            out.write(requestBytes(to, target, request));
            out.flush();
            return read(new BufferedInputStream(s.getInputStream()), deadline, s);
        }
    }

    /** Whether the server answered at all: a pass, or a failure for the status code rather than for the connection. */
    static boolean answered(ProbeOutcome o) {
        return o.passed() || (o instanceof ProbeOutcome.Failure f && f.output().startsWith(STATUS_FAILURE));
    }

    static byte[] requestBytes(ProbeAddress to, String target, Request request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", to.hostPort());
        headers.put("User-Agent", request.userAgent());
        headers.put("Accept", "*/*");
        for (HTTPHeader h : request.headers()) {
            if (h.getName() == null || h.getName().isEmpty()) continue;
            String key = headers.keySet().stream().filter(k -> k.equalsIgnoreCase(h.getName())).findFirst().orElse(h.getName());
            headers.put(key, h.getValue() == null ? "" : h.getValue());
        }
        headers.put("Connection", "close");
        StringBuilder b = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> e : headers.entrySet()) b.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Response read(InputStream in, long deadline, Socket s) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("malformed HTTP response \"" + statusLine + "\"");
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status code \"" + parts[1] + "\"");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            if (colon > 0) headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        s.setSoTimeout(remaining(deadline));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            while (body.size() < MAX_BODY) {
                String sizeLine = line(in);
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                if (size == 0) break;
                copy(in, body, size);
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            copy(in, body, (int) Math.min(MAX_BODY, Long.parseLong(headers.get("content-length"))));
        } else {
            copy(in, body, MAX_BODY);
        }
        byte[] b = body.toByteArray();
        String text = new String(b, 0, Math.min(b.length, MAX_BODY), StandardCharsets.UTF_8);
        return new Response(status, headers, text);
    }

    private static void copy(InputStream in, ByteArrayOutputStream to, int n) throws IOException {
        int want = Math.min(n, MAX_BODY - to.size());
        byte[] buf = new byte[4096];
        while (want > 0) {
            int r = in.read(buf, 0, Math.min(buf.length, want));
            if (r < 0) return;
            to.write(buf, 0, r);
            want -= r;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.append((char) c);
            if (b.length() > 16 * 1024) throw new IOException("HTTP header line too long");
        }
        if (c < 0 && b.isEmpty()) throw new IOException("EOF");
        return b.toString();
    }

    /** Upstream's formatURL: the path as given (a query may follow), "/" when empty. */
    static String requestTarget(String path) {
        if (path == null || path.isEmpty()) return "/";
        try {
            URI u = new URI(path);
            String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (!p.startsWith("/")) p = "/" + p;
            return u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
        } catch (URISyntaxException e) {
            return path.startsWith("/") ? path : "/" + path;
        }
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) throw new SocketTimeoutException("deadline passed");
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Upstream probes HTTPS endpoints with InsecureSkipVerify: the pod's certificate is not checked. */
    private static SSLContext insecureTls() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
                @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
