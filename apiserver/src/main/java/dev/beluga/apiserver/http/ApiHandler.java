package dev.beluga.apiserver.http;

import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.apiserver.discovery.Answer;
import dev.beluga.apiserver.discovery.DiscoveryEndpoints;
import dev.beluga.apiserver.openapi.OpenApiEndpoints;
import dev.beluga.apiserver.registry.ObjectCodec;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's front door: health and version without credentials; then bearer-token authentication,
 * discovery, OpenAPI and resources. Every failure leaves as a Kubernetes Status.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    public static final String KUBERNETES_VERSION = "v1.32.0";

    private final ResourceRegistry resources;
    private final Map<String, String> tokens;
    private final DiscoveryEndpoints discovery;
    private final OpenApiEndpoints openapi;
    private final ResourceEndpoints endpoints;
    private volatile boolean ready;

    /** @param serverAddress host:port clients reach this server at, as discovery reports it */
    public ApiHandler(ResourceRegistry resources, ObjectRegistry registry, Map<String, String> tokens,
                      Optional<dev.beluga.apiserver.KubeletClientConfig> kubelets, Clock clock, String serverAddress) {
        this.resources = resources;
        this.tokens = Map.copyOf(tokens);
        this.discovery = new DiscoveryEndpoints(resources, serverAddress);
        this.openapi = new OpenApiEndpoints(resources);
        this.endpoints = new ResourceEndpoints(registry, new WatchEndpoint(registry, clock), kubelets, clock);
    }

    public void markReady() {
        ready = true;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback);
        try {
            route(ex);
        } catch (StatusException e) {
            sendStatus(ex, e);
        } catch (StorageException e) {
            LOG.warn("storage failed for {} {}: {}", ex.method(), ex.path(), e.getMessage());
            sendStatus(ex, dev.beluga.apiserver.registry.StorageFailure.status(e));
        } catch (Exception e) {
            LOG.error("internal error for {} {}", ex.method(), ex.path(), e);
            sendStatus(ex, StatusException.internal(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        return true;
    }

    private void route(Exchange ex) throws Exception {
        String path = ex.path();
        switch (path) {
            case "/livez", "/healthz" -> {
                ex.send(200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8));
                return;
            }
            case "/readyz" -> {
                if (ready) ex.send(200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8));
                else ex.send(503, "text/plain; charset=utf-8", "not ready".getBytes(StandardCharsets.UTF_8));
                return;
            }
            case "/version" -> {
                ex.send(200, "application/json", versionJson());
                return;
            }
            default -> { }
        }
        authenticate(ex);
        String accept = ex.header(HttpHeader.ACCEPT);
        if (ex.method().equals("GET")) {
            Optional<Answer> answer = discovery.serve(path, accept).or(() -> openapi.serve(path, ex.rawQuery(), accept));
            if (answer.isPresent()) {
                Answer a = answer.get();
                a.headers().forEach((name, value) -> ex.response.getHeaders().put(name, value));
                if (a.status() == 200 && a.matches(ex.header(HttpHeader.IF_NONE_MATCH))) ex.send(304, a.contentType(), new byte[0]);
                else ex.send(a.status(), a.contentType(), a.body());
                return;
            }
        }
        RequestInfo info = RequestInfo.parse(ex.method(), path, ex.param("watch").equals("true") || ex.param("watch").equals("1"))
                .orElseThrow(() -> StatusException.notFoundPath("the server could not find the requested resource"));
        ResourceType type = resources.byResource(info.group(), info.version(), info.resource())
                .orElseThrow(() -> StatusException.notFoundPath("the server could not find the requested resource (" + ex.method() + " " + path
                        + "): no resource \"" + info.resource() + "\" in " + (info.group().isEmpty() ? "" : info.group() + "/") + info.version()));
        endpoints.serve(ex, info, type);
    }

    private void authenticate(Exchange ex) {
        String auth = ex.header(HttpHeader.AUTHORIZATION);
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7) && tokens.containsKey(auth.substring(7).trim())) return;
        throw StatusException.unauthorized();
    }

    private static void sendStatus(Exchange ex, StatusException e) {
        if (ex.response.isCommitted()) {
            ex.callback.failed(e);
            return;
        }
        ex.send(e.code(), "application/json", ObjectCodec.toJson(e.status()));
    }

    private static byte[] versionJson() {
        String json = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"" + KUBERNETES_VERSION + "-beluga\",\"gitCommit\":\"beluga\","
                + "\"gitTreeState\":\"clean\",\"buildDate\":\"2026-01-01T00:00:00Z\",\"goVersion\":\"java" + Runtime.version().feature()
                + "\",\"compiler\":\"javac\",\"platform\":\"linux/amd64\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
