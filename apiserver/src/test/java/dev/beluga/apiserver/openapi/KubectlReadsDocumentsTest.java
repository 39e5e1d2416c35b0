package dev.beluga.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beluga.api.resources.ResourceRegistry;
import dev.beluga.apiserver.discovery.Answer;
import dev.beluga.apiserver.discovery.DiscoveryEndpoints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kubectl (1.32 on the PATH, and 1.20 from tools/ when unpacked there) reading discovery and
 * OpenAPI from a bare Jetty that serves only these endpoints; skipped when kubectl is missing, failed with CI=true.
 */
class KubectlReadsDocumentsTest {
    private static final ResourceRegistry REGISTRY = new ResourceRegistry();
    private static final DiscoveryEndpoints DISCOVERY = new DiscoveryEndpoints(REGISTRY);
    private static final OpenApiEndpoints OPENAPI = new OpenApiEndpoints(REGISTRY);
    private static Server server;
    private static String url;

    @TempDir
    Path home;

    @BeforeAll
    static void serve() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                String accept = request.getHeaders().get(HttpHeader.ACCEPT);
                Optional<Answer> answer = DISCOVERY.serve(path, accept)
                        .or(() -> OPENAPI.serve(path, request.getHttpURI().getQuery(), accept));
                Answer a = answer.orElse(new Answer(404, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
                response.setStatus(a.status());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.contentType());
                a.headers().forEach((k, v) -> response.getHeaders().put(k, v));
                response.write(true, ByteBuffer.wrap(a.body()), callback);
                return true;
            }
        });
        server.start();
        url = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static Optional<Path> kubectl(String relative) {
        Path root = Path.of(System.getProperty("beluga.project.root", "..")).toAbsolutePath();
        Path p = relative.startsWith("/") ? Path.of(relative) : root.resolve(relative);
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** Skips outside CI; with CI=true a missing kubectl fails, as every prerequisite does there. */
    private static void requireInCi(Optional<Path> kubectl, String missing) {
        if (kubectl.isPresent()) return;
        if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(missing + " (CI=true: a missing prerequisite fails)");
        assumeTrue(false, missing);
    }

    private String run(Path kubectl, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--server=" + url, "--cache-dir=" + home.resolve("cache")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .directory(home.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        System.out.println("$ kubectl " + String.join(" ", args) + "\n" + out);
        assertThat(code).as(out).isZero();
        return out;
    }

    @Test
    void kubectl132ListsResourcesAndExplainsFromOpenApiV3() throws Exception {
        Optional<Path> kubectl = kubectl("/usr/bin/kubectl");
        requireInCi(kubectl, "kubectl 1.32 is not installed at /usr/bin/kubectl");
        String resources = run(kubectl.get(), "api-resources");
        assertThat(resources).contains("pods", "po", "deployments", "deploy", "apps/v1", "leases", "coordination.k8s.io/v1");
        String explain = run(kubectl.get(), "explain", "pod.spec.containers");
        assertThat(explain).contains("KIND:       Pod", "FIELD: containers <[]Container>", "image", "resources");
        assertThat(run(kubectl.get(), "explain", "deployment.spec.strategy")).contains("rollingUpdate");
        assertThat(run(kubectl.get(), "explain", "leases.spec")).contains("holderIdentity");
    }

    @Test
    void kubectl120ExplainsFromProtobufOpenApiV2() throws Exception {
        Optional<Path> kubectl = kubectl("tools/kubectl-1.20/usr/bin/kubectl");
        requireInCi(kubectl, "kubectl 1.20 is not unpacked under tools/ (scripts/test.sh unpacks it)");
        assertThat(run(kubectl.get(), "api-resources")).contains("pods", "deployments");
        String explain = run(kubectl.get(), "explain", "pod.spec.containers");
        assertThat(explain).contains("KIND:     Pod", "RESOURCE: containers <[]Object>", "image");
        assertThat(run(kubectl.get(), "explain", "deployment.spec.template.spec.containers.ports"))
                .contains("containerPort");
    }
}
