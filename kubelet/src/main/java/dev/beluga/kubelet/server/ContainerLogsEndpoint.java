package dev.beluga.kubelet.server;

import dev.beluga.kubelet.logs.ContainerLogs;
import dev.beluga.kubelet.logs.LogQuery;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /containerLogs/{namespace}/{pod}/{container}} (upstream's getContainerLogs): the query
 * as v1.PodLogOptions, the container instance and file found, then the log streamed as chunked
 * text/plain, flushed whenever the reader has caught up with the file so {@code follow} is live.
 */
final class ContainerLogsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(ContainerLogsEndpoint.class);

    private final ContainerLogs logs;
    private final Clock clock;

    ContainerLogsEndpoint(ContainerLogs logs, Clock clock) {
        this.logs = logs;
        this.clock = clock;
    }

    void serve(Request request, Response response, Callback callback, String namespace, String pod, String container) {
        Map<String, String> query = new HashMap<>();
        for (Fields.Field f : Request.extractQueryParameters(request)) query.put(f.getName(), f.getValue() == null ? "" : f.getValue());
        LogQuery.Valid valid;
        switch (LogQuery.parse(query, clock.instant())) {
            case LogQuery.Invalid invalid -> {
                KubeletHandler.sendText(response, callback, invalid.code(), invalid.message());
                return;
            }
            case LogQuery.Valid v -> valid = v;
        }
        ContainerLogs.Found found;
        switch (logs.locate(namespace, pod, container, valid.previous())) {
            case ContainerLogs.Refused refused -> {
                KubeletHandler.sendText(response, callback, refused.code(), refused.message());
                return;
            }
            case ContainerLogs.Found f -> found = f;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        try (OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), 16 * 1024)) {
            logs.copy(found, valid.options(), out);
        } catch (IOException e) {
            // Mostly the client going away while following; nothing more can be told to it.
            log.debug("log stream of {}/{}/{} ended: {}", namespace, pod, container, e.toString());
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }
}
