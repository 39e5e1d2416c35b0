package dev.beluga.kubelet.server;

import dev.beluga.kubelet.logs.ContainerLogs;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.server.stream.RunningContainer;
import dev.beluga.kubelet.server.stream.StreamRequest;
import dev.beluga.kubelet.server.stream.StreamingRuntime;
import dev.beluga.stream.UpgradeSplice;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code /exec/{ns}/{pod}/{container}} and {@code /attach/{ns}/{pod}/{container}} (upstream's
 * getExec/getAttach): the container found among the kubelet's pods, CRI asked for a session, and
 * the client's upgrade proxied to the runtime's streaming server (upstream's kubelet proxies too,
 * rather than redirecting), which then speaks the remotecommand protocol with the client directly.
 */
final class ExecEndpoints {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    enum Kind { EXEC, ATTACH }

    private final ContainerLogs.Pods pods;
    private final StreamingRuntime runtime;

    ExecEndpoints(ContainerLogs.Pods pods, StreamingRuntime runtime) {
        this.pods = pods;
        this.runtime = runtime;
    }

    void serve(Kind kind, Request request, Response response, Callback callback, String namespace, String podName, String container) {
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("POST")) {
            KubeletHandler.sendText(response, callback, 405, "Method Not Allowed");
            return;
        }
        StreamRequest stream;
        switch (StreamRequest.parse(query(request), kind == Kind.EXEC)) {
            case StreamRequest.Invalid invalid -> {
                KubeletHandler.sendText(response, callback, 400, invalid.message());
                return;
            }
            case StreamRequest.Valid valid -> stream = valid.request();
        }
        Optional<Pod> pod = pods.byName(namespace, podName);
        if (pod.isEmpty()) {
            KubeletHandler.sendText(response, callback, 404, "pod does not exist");
            return;
        }
        Optional<String> id = RunningContainer.id(pod.get(), container);
        if (id.isEmpty()) {
            KubeletHandler.sendText(response, callback, 500, "container not found (\"" + container + "\")");
            return;
        }
        URI url;
        try {
            url = kind == Kind.EXEC
                    ? runtime.exec(id.get(), stream.command(), stream.tty(), stream.stdin(), stream.stdout(), stream.stderr())
                    : runtime.attach(id.get(), stream.tty(), stream.stdin(), stream.stdout(), stream.stderr());
        } catch (ContainerRuntimeException e) {
            KubeletHandler.sendText(response, callback, 500, e.getMessage());
            return;
        }
        if (!"http".equals(url.getScheme())) {
            KubeletHandler.sendText(response, callback, 500, "the runtime's streaming URL " + url + " is not plain HTTP, which is all this kubelet proxies to");
            return;
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(url.getHost(), port), CONNECT_TIMEOUT_MILLIS);
            String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            UpgradeSplice.proxy(request, response, callback, upstream, target, url.getHost() + ":" + port, Map.of());
        } catch (IOException e) {
            try {
                upstream.close();
            } catch (IOException ignored) {
                // Already failing.
            }
            if (!response.isCommitted()) KubeletHandler.sendText(response, callback, 500, "error proxying to the runtime's streaming server " + url + ": " + e.getMessage());
            else callback.failed(e);
        }
    }

    private static Map<String, List<String>> query(Request request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (Fields.Field f : Request.extractQueryParameters(request)) {
            query.computeIfAbsent(f.getName(), k -> new ArrayList<>()).addAll(f.getValues());
        }
        return query;
    }
}
