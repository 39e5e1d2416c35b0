package dev.beluga.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubeconfig for the cluster administrator: cluster {@code beluga} (server URL and the CA that
 * signed its certificate), user {@code admin} with the bearer token, and context {@code beluga} as
 * the current one. Owner-only, since it holds the token.
 */
final class KubeconfigFile {
    static final String CLUSTER = "beluga";
    static final String CONTEXT = "beluga";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private KubeconfigFile() {}

    static String render(URI server, String caCertificatePem, AdminToken token) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("certificate-authority-data",
                Base64.getEncoder().encodeToString(caCertificatePem.getBytes(StandardCharsets.US_ASCII)));
        cluster.put("server", server.toString());

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", List.of(named(CLUSTER, "cluster", cluster)));
        config.put("users", List.of(named(AdminToken.USER, "user", Map.of("token", token.value()))));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", CLUSTER);
        context.put("user", AdminToken.USER);
        config.put("contexts", List.of(named(CONTEXT, "context", context)));
        config.put("current-context", CONTEXT);
        config.put("preferences", Map.of());
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render kubeconfig", e);
        }
    }

    static void write(Path file, URI server, String caCertificatePem, AdminToken token) {
        AtomicFile.write(file, render(server, caCertificatePem, token).getBytes(StandardCharsets.UTF_8),
                AtomicFile.OWNER_READ_WRITE);
    }

    /** A kubeconfig list entry: its name first, then the one field that holds it. */
    private static Map<String, Object> named(String name, String field, Object value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put(field, value);
        return entry;
    }
}
