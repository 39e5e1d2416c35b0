package dev.beluga.client.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.ListRequest;
import dev.beluga.client.ObjectList;
import dev.beluga.client.Patch;
import dev.beluga.client.WatchHandle;
import dev.beluga.client.WatchHandler;
import dev.beluga.client.WatchRequest;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Client} over the Kubernetes REST API (HTTP/1.1, TLS, bearer token), for agents on other
 * machines and for tests: JSON bodies, upstream's paths and subresources, Status answers as
 * {@link StatusException}, watches as streamed JSON events read on a virtual thread each.
 *
 * <p>Thread-safe; one JDK {@link HttpClient} (one connection pool) per transport. A server that
 * cannot be reached, times out or fails the TLS handshake answers as 503 ServiceUnavailable.
 */
public final class HttpTransport implements Client {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** For every request but watches, which last as long as the server keeps them. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final String USER_AGENT = "beluga-client";
    private static final String JSON = "application/json";

    private final ClusterConnection connection;
    private final ResourceUrls urls;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Set<WatchStream<?>> watches = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    public HttpTransport(ClusterConnection connection) {
        this.connection = connection;
        this.urls = new ResourceUrls(connection.server());
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-client-", 0).factory());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(ServerTrust.sslContext(connection))
                .executor(executor)
                .build();
    }

    /** A transport for the current context of a kubeconfig file (see {@link ClusterConnection#fromKubeconfig}). */
    public static HttpTransport fromKubeconfig(Path kubeconfig) {
        return new HttpTransport(ClusterConnection.fromKubeconfig(kubeconfig));
    }

    public ClusterConnection connection() {
        return connection;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public <T extends HasMetadata> Optional<T> get(Kind<T> kind, String namespace, String name) {
        String url = urls.object(kind.type(), namespace(kind, namespace), requireName(name));
        Reply r = exchange(timed(url).GET().build());
        if (r.code() == 404) return Optional.empty();
        return Optional.of(decode(r, kind.javaClass(), url));
    }

    @Override
    public <T extends HasMetadata> ObjectList<T> list(Kind<T> kind, String namespace, ListRequest request) {
        String url = urls.collection(kind.type(), namespace(kind, namespace)) + new ResourceUrls.Query()
                .add("labelSelector", request.labelSelector())
                .add("fieldSelector", request.fieldSelector())
                .add("limit", request.limit())
                .add("continue", request.continueToken())
                .add("resourceVersion", request.resourceVersion());
        Reply r = succeeded(exchange(timed(url).GET().build()));
        try {
            return ListReader.read(r.body(), kind.javaClass());
        } catch (IOException e) {
            throw undecodable(url, e);
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public <T extends HasMetadata> T create(Kind<T> kind, T object) {
        String url = urls.collection(kind.type(), namespace(kind, object.getMetadata().getNamespace()));
        return write("POST", url, JSON, encode(object), kind.javaClass());
    }

    @Override
    public <T extends HasMetadata> T update(Kind<T> kind, T object) {
        String url = urls.object(kind.type(), namespace(kind, object.getMetadata().getNamespace()), requireName(object.getMetadata().getName()));
        return write("PUT", url, JSON, encode(object), kind.javaClass());
    }

    @Override
    public <T extends HasMetadata> T updateStatus(Kind<T> kind, T object) {
        String url = urls.subresource(kind.type(), namespace(kind, object.getMetadata().getNamespace()),
                requireName(object.getMetadata().getName()), "status");
        return write("PUT", url, JSON, encode(object), kind.javaClass());
    }

    @Override
    public Namespace finalizeNamespace(Namespace namespace) {
        String url = urls.subresource(Kind.NAMESPACES.type(), "", requireName(namespace.getMetadata().getName()), "finalize");
        return write("PUT", url, JSON, encode(namespace), Namespace.class);
    }

    @Override
    public <T extends HasMetadata> T patch(Kind<T> kind, String namespace, String name, Patch patch) {
        String ns = namespace(kind, namespace);
        String url = patch.status() ? urls.subresource(kind.type(), ns, requireName(name), "status") : urls.object(kind.type(), ns, requireName(name));
        return write("PATCH", url, patch.type().contentType(), patch.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), kind.javaClass());
    }

    /**
     * The DELETE answer is the object in either case (upstream returns the last state of an object
     * deleted at once, too), so "still there" is read from it: no deletionTimestamp means it went at
     * once; finalizers mean it stays; otherwise (a grace period, or the final delete of a terminating
     * object) a read of the same uid settles it.
     */
    @Override
    public <T extends HasMetadata> Optional<T> delete(Kind<T> kind, String namespace, String name, DeleteOptions options) {
        String ns = namespace(kind, namespace);
        String url = urls.object(kind.type(), ns, requireName(name));
        Reply r = succeeded(exchange(timed(url).header("Content-Type", JSON)
                .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(encode(options == null ? new DeleteOptions() : options))).build()));
        T answered;
        try {
            JsonNode tree = Json.MAPPER.readTree(r.body());
            if (tree == null || !tree.isObject() || "Status".equals(tree.path("kind").asText())) return Optional.empty();
            answered = Json.MAPPER.treeToValue(tree, kind.javaClass());
        } catch (IOException e) {
            throw undecodable(url, e);
        }
        ObjectMeta meta = answered.getMetadata();
        if (meta == null || meta.getDeletionTimestamp() == null) return Optional.empty();
        if (meta.getFinalizers() != null && !meta.getFinalizers().isEmpty()) return Optional.of(answered);
        return get(kind, ns, name).filter(now -> Objects.equals(now.getMetadata().getUid(), meta.getUid()));
    }

    @Override
    public void bind(String namespace, String pod, String uid, String node) {
        ObjectNode binding = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Binding");
        ObjectNode meta = binding.putObject("metadata").put("name", requireName(pod)).put("namespace", namespace);
        // Upstream's scheduler sets the pod's uid here; the server checks it as a precondition.
        if (uid != null && !uid.isEmpty()) meta.put("uid", uid);
        binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
        String url = urls.subresource(Kind.PODS.type(), namespace, pod, "binding");
        succeeded(exchange(timed(url).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(encode(binding))).build()));
    }

    @Override
    public void evict(String namespace, String pod, DeleteOptions options) {
        ObjectNode eviction = Json.MAPPER.createObjectNode().put("apiVersion", "policy/v1").put("kind", "Eviction");
        eviction.putObject("metadata").put("name", requireName(pod)).put("namespace", namespace);
        eviction.set("deleteOptions", Json.MAPPER.valueToTree(options == null ? new DeleteOptions() : options));
        String url = urls.subresource(Kind.PODS.type(), namespace, pod, "eviction");
        succeeded(exchange(timed(url).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(encode(eviction))).build()));
    }

    // ---------------------------------------------------------------- watch

    @Override
    public <T extends HasMetadata> WatchHandle watch(Kind<T> kind, String namespace, WatchRequest request, WatchHandler<T> handler) {
        String ns = namespace(kind, namespace);
        String url = urls.collection(kind.type(), ns) + new ResourceUrls.Query()
                .add("watch", "true")
                .add("resourceVersion", request.resourceVersion())
                .add("allowWatchBookmarks", request.bookmarks() ? "true" : "")
                .add("labelSelector", request.labelSelector())
                .add("fieldSelector", request.fieldSelector());
        WatchStream<T> stream = new WatchStream<>(ns.isEmpty() ? kind.toString() : kind + " in " + ns, kind.javaClass(), handler,
                this::unreachable, watches::remove);
        watches.add(stream);
        CompletableFuture<HttpResponse<InputStream>> response;
        if (closed.get()) {
            response = CompletableFuture.failedFuture(new IOException("the client is closed"));
        } else {
            // No request timeout: a watch lasts as long as the server keeps it open.
            response = http.sendAsync(request(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        }
        stream.start(response);
        return stream;
    }

    // ---------------------------------------------------------------- close

    /** Ends every open watch (each with onClose(empty)), then the connection pool. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        for (WatchStream<?> w : watches) w.close();
        http.shutdown();
        try {
            if (!http.awaitTermination(CLOSE_WAIT)) {
                LOG.debug("requests to {} still running after {}; aborting them", connection.server(), CLOSE_WAIT);
                http.shutdownNow();
            }
        } catch (InterruptedException e) {
            http.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- plumbing

    private record Reply(int code, byte[] body, String url) {}

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", JSON).header("User-Agent", USER_AGENT);
        if (!connection.token().isEmpty()) b.header("Authorization", "Bearer " + connection.token());
        return b;
    }

    /** Every request but a watch: bounded by {@link #REQUEST_TIMEOUT}. */
    private HttpRequest.Builder timed(String url) {
        return request(url).timeout(REQUEST_TIMEOUT);
    }

    private <T> T write(String method, String url, String contentType, byte[] body, Class<T> type) {
        Reply r = succeeded(exchange(timed(url).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build()));
        return decode(r, type, url);
    }

    private Reply exchange(HttpRequest request) {
        if (closed.get()) throw StatusException.serviceUnavailable("the client of " + connection.server() + " is closed");
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body(), request.uri().toString());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatusException.serviceUnavailable("interrupted while waiting for " + connection.server());
        }
    }

    private static Reply succeeded(Reply r) {
        if (r.code() / 100 != 2) throw ErrorResponses.of(r.code(), r.body());
        return r;
    }

    private static <T> T decode(Reply r, Class<T> type, String url) {
        succeeded(r);
        try {
            return Json.MAPPER.readValue(r.body(), type);
        } catch (IOException e) {
            throw undecodable(url, e);
        }
    }

    private static StatusException undecodable(String url, IOException e) {
        String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return StatusException.internal("cannot decode the answer of " + url + ": " + why);
    }

    private static byte[] encode(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A request that got no HTTP answer, as the 503 callers handle like any unavailable server. */
    private StatusException unreachable(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof HttpTimeoutException) && !(cause instanceof SSLException)
                && !(cause instanceof ConnectException)) {
            cause = cause.getCause();
        }
        String server = connection.server().toString();
        String message = switch (cause) {
            case HttpConnectTimeoutException t -> "cannot connect to the API server at " + server + ": timed out after " + CONNECT_TIMEOUT;
            case HttpTimeoutException t -> "the API server at " + server + " did not answer within " + REQUEST_TIMEOUT;
            case SSLException t -> "TLS with the API server at " + server + " failed: " + t.getMessage();
            case ConnectException t -> "cannot connect to the API server at " + server + ": " + (t.getMessage() == null ? "connection refused" : t.getMessage());
            default -> "the API server at " + server + " cannot be reached: " + cause;
        };
        return StatusException.serviceUnavailable(message);
    }

    /** Namespaced kinds use the given namespace ("" = all); cluster-scoped kinds have none. */
    private static String namespace(Kind<?> kind, String namespace) {
        return kind.namespaced() && namespace != null ? namespace : "";
    }

    /** client-go's answer to a request without a name, before anything is sent. */
    private static String requireName(String name) {
        if (name == null || name.isEmpty()) throw StatusException.badRequest("resource name may not be empty");
        return name;
    }
}
