package dev.beluga.apiserver.http;

import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.stream.remotecommand.ChannelProtocol;
import dev.beluga.stream.remotecommand.SpdyUpstream;
import dev.beluga.stream.remotecommand.StreamFlags;
import dev.beluga.stream.remotecommand.WebSocketToSpdyBridge;
import dev.beluga.stream.UpgradeSplice;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * pods/exec and pods/attach (upstream's ExecREST/AttachREST with ExecLocation/AttachLocation): the
 * container chosen as for logs (a finished pod is kubectl's to refuse, and the kubelet finds no
 * running container in it, as upstream), then the client's upgrade request proxied
 * to the node's kubelet ({@code /exec|/attach/{ns}/{pod}/{container}?command=..&stdin=..}). A WebSocket
 * request offering {@code v5.channel.k8s.io} (or v4) is terminated here and translated to SPDY/3.1
 * towards the kubelet ({@link WebSocketToSpdyBridge}, upstream's StreamTranslatorProxy); any other
 * upgrade (SPDY/3.1, older WebSocket protocols) is proxied and, once the far end switches protocols,
 * the two connections spliced, so kubectl and the runtime's streaming server (containerd) speak
 * remotecommand end to end.
 */
final class PodStreams {
    private final ObjectRegistry registry;
    private final PodLogs locations;
    private final Optional<KubeletProxy> kubelets;

    PodStreams(ObjectRegistry registry, PodLogs locations, Optional<KubeletProxy> kubelets) {
        this.registry = registry;
        this.locations = locations;
        this.kubelets = kubelets;
    }

    void serve(Exchange ex, RequestInfo info) throws IOException {
        String sub = info.subresource();
        if (!info.verb().equals("get") && !info.verb().equals("create")) throw StatusException.methodNotSupported("", "pods/" + sub, info.verb());
        Pod pod = (Pod) registry.getObject(ResourceRegistry.PODS, info.namespace(), info.name());
        String container = PodLogs.container(pod, ex.param("container"));
        String node = pod.getSpec().getNodeName();
        if (node == null || node.isEmpty()) throw StatusException.badRequest("pod " + info.name() + " does not have a host assigned");
        URI kubelet = locations.kubeletUrl(node, "pods/" + sub);
        KubeletProxy proxy = kubelets.orElseThrow(() -> StatusException.serviceUnavailable(
                "pods/" + sub + " needs the kubelet of node \"" + node + "\", and this API server has no credentials to call kubelets"));
        String target = "/" + sub + "/" + segment(info.namespace()) + "/" + segment(info.name()) + "/" + segment(container) + "?" + streamQuery(ex, sub);
        String host = kubelet.getHost() + ":" + kubelet.getPort();
        Map<String, String> credentials = Map.of("Authorization", "Bearer " + proxy.token());
        Optional<ChannelProtocol> webSocket = WebSocketToSpdyBridge.servedProtocol(ex.request);
        if (webSocket.isPresent()) {
            // Upstream's StreamTranslatorProxy: WebSocket here, SPDY to the kubelet (whose runtime serves no v5).
            SpdyUpstream upstream = new SpdyUpstream(() -> proxy.dial(kubelet), target, host, credentials);
            if (!WebSocketToSpdyBridge.upgrade(ex.request, ex.response, ex.callback, webSocket.get(), streamFlags(ex), upstream)) {
                throw StatusException.badRequest("invalid WebSocket upgrade request");
            }
            return;
        }
        Socket socket;
        try {
            socket = proxy.dial(kubelet);
        } catch (IOException e) {
            throw StatusException.of(500, "InternalError", "error dialing backend: " + e.getMessage(), null);
        }
        try {
            UpgradeSplice.proxy(ex.request, ex.response, ex.callback, socket, target, host, credentials);
        } catch (IOException e) {
            throw StatusException.of(500, "InternalError", "error proxying to the kubelet: " + e.getMessage(), null);
        }
    }

    /** Upstream's streamParams: the command (exec) and the stream flags, as the kubelet reads them. */
    static String streamQuery(Exchange ex, String sub) {
        StringJoiner q = new StringJoiner("&");
        if (sub.equals("exec")) {
            List<String> command = ex.params("command");
            if (command.isEmpty()) throw StatusException.badRequest("you must specify at least one command for the container");
            for (String c : command) q.add("command=" + URLEncoder.encode(c, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        for (String flag : List.of("stdin", "stdout", "stderr", "tty")) {
            if (flag(ex, flag)) q.add(flag + "=true");
        }
        return q.toString();
    }

    static StreamFlags streamFlags(Exchange ex) {
        return new StreamFlags(flag(ex, "stdin"), flag(ex, "stdout"), flag(ex, "stderr"), flag(ex, "tty"));
    }

    private static boolean flag(Exchange ex, String name) {
        String v = ex.param(name);
        return v.equals("true") || v.equals("1");
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
