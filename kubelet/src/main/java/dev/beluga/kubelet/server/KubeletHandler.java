package dev.beluga.kubelet.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's front door: every request must carry the API server's bearer token; then the
 * path picks the endpoint. Errors go out as plain text, as upstream's kubelet writes them (the API
 * server turns them into Status objects). /exec and /attach sit beside /containerLogs.
 */
final class KubeletHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(KubeletHandler.class);

    private final byte[] token;
    /** Empty until the kubelet behind the server has started (its port is needed before it can start). */
    private volatile Optional<ContainerLogsEndpoint> logs = Optional.empty();

    KubeletHandler(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    void serveLogs(ContainerLogsEndpoint endpoint) {
        logs = Optional.of(endpoint);
    }

    /** Empty until a runtime with streaming (CRI Exec/Attach) is handed in. */
    private volatile Optional<ExecEndpoints> streams = Optional.empty();

    void serveStreams(ExecEndpoints endpoints) {
        streams = Optional.of(endpoints);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            if (!authenticated(request)) {
                sendText(response, callback, 401, "Unauthorized");
                return true;
            }
            List<String> path = segments(request.getHttpURI().getDecodedPath());
            if (path.size() == 4 && path.getFirst().equals("containerLogs")) {
                if (!request.getMethod().equals("GET")) {
                    sendText(response, callback, 405, "Method Not Allowed");
                    return true;
                }
                Optional<ContainerLogsEndpoint> endpoint = logs;
                if (endpoint.isEmpty()) {
                    sendText(response, callback, 503, "the kubelet is starting");
                    return true;
                }
                endpoint.get().serve(request, response, callback, path.get(1), path.get(2), path.get(3));
                return true;
            }
            if (path.size() == 4 && (path.getFirst().equals("exec") || path.getFirst().equals("attach"))) {
                Optional<ExecEndpoints> endpoint = streams;
                if (endpoint.isEmpty()) {
                    sendText(response, callback, 503, "the kubelet is starting");
                    return true;
                }
                ExecEndpoints.Kind kind = path.getFirst().equals("exec") ? ExecEndpoints.Kind.EXEC : ExecEndpoints.Kind.ATTACH;
                endpoint.get().serve(kind, request, response, callback, path.get(1), path.get(2), path.get(3));
                return true;
            }
            sendText(response, callback, 404, "404 page not found");
        } catch (RuntimeException e) {
            log.error("kubelet request {} failed", request.getHttpURI(), e);
            if (!response.isCommitted()) sendText(response, callback, 500, e.toString());
            else callback.failed(e);
        }
        return true;
    }

    private boolean authenticated(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        // Constant-time, so the comparison does not tell how much of a guess was right.
        return MessageDigest.isEqual(token, auth.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }

    static void sendText(Response response, Callback callback, int code, String text) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
