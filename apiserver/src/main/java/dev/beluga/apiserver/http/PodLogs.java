package dev.beluga.apiserver.http;

import dev.beluga.api.errors.FieldError;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.apiserver.registry.ObjectRegistry;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * pods/log (upstream's LogREST and LogLocation): the options validated, the container chosen (the
 * only one, or the one named, which must exist), then the node's kubelet asked for
 * {@code /containerLogs/{ns}/{pod}/{container}} at the Node's InternalIP and kubelet port, its
 * answer streamed through. A node whose kubelet reports no port (hollow nodes) answers 503.
 */
final class PodLogs {
    private final ObjectRegistry registry;
    private final Optional<KubeletProxy> kubelets;

    PodLogs(ObjectRegistry registry, Optional<KubeletProxy> kubelets) {
        this.registry = registry;
        this.kubelets = kubelets;
    }

    void serve(Exchange ex, RequestInfo info) throws IOException {
        String query = kubeletQuery(ex, info.name());
        Pod pod = (Pod) registry.getObject(ResourceRegistry.PODS, info.namespace(), info.name());
        String container = container(pod, ex.param("container"));
        String node = pod.getSpec().getNodeName();
        if (node == null || node.isEmpty()) throw StatusException.badRequest("pod " + info.name() + " does not have a host assigned");
        URI url = kubeletUrl(node).resolve("/containerLogs/" + segment(info.namespace()) + "/" + segment(info.name()) + "/" + segment(container)
                + (query.isEmpty() ? "" : "?" + query));
        KubeletProxy proxy = kubelets.orElseThrow(() -> StatusException.serviceUnavailable(
                "pods/log needs the kubelet of node \"" + node + "\", and this API server has no credentials to call kubelets"));
        proxy.stream(url, ex, "text/plain");
    }

    /** Upstream's validateContainer: the only container, or the named one, which must be in the pod. */
    static String container(Pod pod, String requested) {
        List<String> names = containerNames(pod);
        String podName = pod.getMetadata().getName();
        if (requested.isEmpty()) {
            int apps = pod.getSpec().getContainers() == null ? 0 : pod.getSpec().getContainers().size();
            if (apps == 1) return pod.getSpec().getContainers().getFirst().getName();
            if (apps == 0) throw StatusException.badRequest("a container name must be specified for pod " + podName);
            throw StatusException.badRequest("a container name must be specified for pod " + podName + ", choose one of: [" + String.join(" ", names) + "]");
        }
        if (!names.contains(requested)) throw StatusException.badRequest("container " + requested + " is not valid for pod " + podName);
        return requested;
    }

    /** Init containers, containers, ephemeral containers: upstream's VisitContainers order. */
    private static List<String> containerNames(Pod pod) {
        List<String> names = new ArrayList<>();
        var spec = pod.getSpec();
        if (spec.getInitContainers() != null) for (Container c : spec.getInitContainers()) names.add(c.getName());
        if (spec.getContainers() != null) for (Container c : spec.getContainers()) names.add(c.getName());
        if (spec.getEphemeralContainers() != null) for (EphemeralContainer c : spec.getEphemeralContainers()) names.add(c.getName());
        return names;
    }

    private URI kubeletUrl(String nodeName) {
        return kubeletUrl(nodeName, "pods/log");
    }

    /** https://InternalIP:port of the node's kubelet; 503 for a node that reports none (naming the subresource asked for). */
    URI kubeletUrl(String nodeName, String subresource) {
        Node node;
        try {
            node = (Node) registry.getObject(ResourceRegistry.NODES, "", nodeName);
        } catch (StatusException e) {
            if (e.code() == 404) throw StatusException.notFound("", "nodes", nodeName);
            throw e;
        }
        int port = node.getStatus() == null || node.getStatus().getDaemonEndpoints() == null
                || node.getStatus().getDaemonEndpoints().getKubeletEndpoint() == null
                || node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort() == null
                ? 0 : node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
        Optional<String> address = address(node);
        if (port <= 0 || address.isEmpty()) {
            throw StatusException.serviceUnavailable(subresource + " needs the kubelet of node \"" + nodeName
                    + "\", and that node's kubelet serves no endpoint (a hollow node)");
        }
        String host = address.get().contains(":") ? "[" + address.get() + "]" : address.get();
        return URI.create("https://" + host + ":" + port);
    }

    /** InternalIP first, then ExternalIP, then Hostname (upstream's preference is configurable; these are the kinds Beluga's nodes report). */
    private static Optional<String> address(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) return Optional.empty();
        for (String type : List.of("InternalIP", "ExternalIP", "Hostname")) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                if (type.equals(a.getType()) && a.getAddress() != null && !a.getAddress().isEmpty()) return Optional.of(a.getAddress());
            }
        }
        return Optional.empty();
    }

    /** The v1.PodLogOptions of the request, validated as upstream's ValidatePodLogOptions, as the kubelet's query. */
    static String kubeletQuery(Exchange ex, String podName) {
        StringJoiner q = new StringJoiner("&");
        List<FieldError> errors = new ArrayList<>();
        if (flag(ex, "follow")) q.add("follow=true");
        if (flag(ex, "previous")) q.add("previous=true");
        if (flag(ex, "timestamps")) q.add("timestamps=true");
        Optional<Long> sinceSeconds = number(ex, "sinceSeconds");
        Optional<Long> tailLines = number(ex, "tailLines");
        Optional<Long> limitBytes = number(ex, "limitBytes");
        String sinceTime = ex.param("sinceTime");
        if (!sinceTime.isEmpty()) {
            try {
                OffsetDateTime.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw StatusException.badRequest("sinceTime: " + sinceTime + " is not an RFC 3339 time");
            }
        }
        if (tailLines.isPresent() && tailLines.get() < 0) errors.add(FieldError.invalid("tailLines", tailLines.get(), "must be greater than or equal to 0"));
        if (limitBytes.isPresent() && limitBytes.get() < 1) errors.add(FieldError.invalid("limitBytes", limitBytes.get(), "must be greater than 0"));
        if (sinceSeconds.isPresent() && sinceSeconds.get() < 1) errors.add(FieldError.invalid("sinceSeconds", sinceSeconds.get(), "must be greater than 0"));
        if (sinceSeconds.isPresent() && !sinceTime.isEmpty()) errors.add(FieldError.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        if (!errors.isEmpty()) throw StatusException.invalid("", "PodLogOptions", podName, errors);
        sinceSeconds.ifPresent(v -> q.add("sinceSeconds=" + v));
        if (!sinceTime.isEmpty()) q.add("sinceTime=" + URLEncoder.encode(sinceTime, StandardCharsets.UTF_8));
        tailLines.ifPresent(v -> q.add("tailLines=" + v));
        limitBytes.ifPresent(v -> q.add("limitBytes=" + v));
        return q.toString();
    }

    private static boolean flag(Exchange ex, String name) {
        String v = ex.param(name);
        return switch (v) {
            case "true", "1", "True", "TRUE" -> true;
            case "", "false", "0", "False", "FALSE" -> false;
            default -> throw StatusException.badRequest(name + ": invalid boolean value " + v);
        };
    }

    private static Optional<Long> number(Exchange ex, String name) {
        String v = ex.param(name);
        if (v.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw StatusException.badRequest(name + ": invalid integer value " + v);
        }
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
