package dev.beluga.apiserver.http;

import dev.beluga.api.errors.StatusException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One HTTP request and its response, with the blocking reads and writes handlers use on virtual threads. */
final class Exchange {
    /** Upstream's apiserver refuses bodies over 3 MiB. */
    private static final int MAX_BODY = 3 * 1024 * 1024;

    final Request request;
    final Response response;
    final Callback callback;
    private final Fields query;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.query = Request.extractQueryParameters(request);
    }

    String method() {
        return request.getMethod();
    }

    String path() {
        return request.getHttpURI().getDecodedPath();
    }

    String rawQuery() {
        String q = request.getHttpURI().getQuery();
        return q == null ? "" : q;
    }

    String param(String name) {
        String v = query.getValue(name);
        return v == null ? "" : v;
    }

    /** Every value of a repeated query parameter (exec's command), in order. */
    List<String> params(String name) {
        List<String> values = query.getValues(name);
        return values == null ? List.of() : values;
    }

    boolean has(String name) {
        return query.get(name) != null;
    }

    String header(HttpHeader h) {
        String v = request.getHeaders().get(h);
        return v == null ? "" : v;
    }

    byte[] body() throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) throw StatusException.of(413, "RequestEntityTooLarge", "the request body exceeds 3 MiB", null);
            return b;
        }
    }

    void warn(List<String> warnings) {
        for (String w : warnings) response.getHeaders().add(HttpHeader.WARNING, "299 - \"" + w.replace("\"", "\\\"") + "\"");
    }

    void send(int code, String contentType, byte[] body) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Starts a streamed (chunked) response; the caller closes the stream, then calls {@link #done()}. */
    OutputStream stream(int code, String contentType) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        return Content.Sink.asOutputStream(response);
    }

    void done() {
        callback.succeeded();
    }
}
