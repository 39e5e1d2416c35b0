package dev.beluga.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * The part of kubectl's kubeconfig loading a token-authenticated client needs: current-context →
 * context → cluster and user. Relative file paths are relative to the kubeconfig's directory, as
 * kubectl resolves them. Client certificates and exec plugins are not supported and say so.
 */
final class KubeconfigReader {
    private KubeconfigReader() {}

    static ClusterConnection read(Path file) {
        JsonNode config;
        try {
            config = Json.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
        }
        if (config == null || !config.isObject()) throw invalid(file, "it is not a YAML mapping");
        String current = config.path("current-context").asText("");
        if (current.isEmpty()) throw invalid(file, "current-context is not set");
        JsonNode context = named(config, "contexts", current, file).path("context");
        String clusterName = context.path("cluster").asText("");
        if (clusterName.isEmpty()) throw invalid(file, "context \"" + current + "\" names no cluster");
        JsonNode cluster = named(config, "clusters", clusterName, file).path("cluster");
        String userName = context.path("user").asText("");
        JsonNode user = userName.isEmpty() ? Json.YAML.createObjectNode() : named(config, "users", userName, file).path("user");

        String server = cluster.path("server").asText("");
        if (server.isEmpty()) throw invalid(file, "cluster \"" + clusterName + "\" has no server");
        URI uri;
        try {
            uri = URI.create(server);
        } catch (IllegalArgumentException e) {
            throw invalid(file, "cluster \"" + clusterName + "\" has an invalid server URL \"" + server + "\"");
        }
        return new ClusterConnection(uri, certificateAuthority(cluster, file), token(user, userName, file),
                cluster.path("insecure-skip-tls-verify").asBoolean(false));
    }

    private static Optional<String> certificateAuthority(JsonNode cluster, Path file) {
        String data = cluster.path("certificate-authority-data").asText("");
        if (!data.isEmpty()) {
            try {
                return Optional.of(new String(Base64.getMimeDecoder().decode(data), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw invalid(file, "certificate-authority-data is not base64: " + e.getMessage());
            }
        }
        String path = cluster.path("certificate-authority").asText("");
        if (path.isEmpty()) return Optional.empty();
        return Optional.of(readRelative(file, path, "certificate-authority"));
    }

    private static String token(JsonNode user, String userName, Path file) {
        String token = user.path("token").asText("");
        if (!token.isEmpty()) return token;
        String tokenFile = user.path("tokenFile").asText("");
        if (!tokenFile.isEmpty()) return readRelative(file, tokenFile, "tokenFile").trim();
        for (String unsupported : new String[] {"client-certificate", "client-certificate-data", "exec", "auth-provider", "username"}) {
            if (user.has(unsupported)) {
                throw invalid(file, "user \"" + userName + "\" authenticates with " + unsupported
                        + ", which this client does not support; give the user a token");
            }
        }
        return "";
    }

    private static String readRelative(Path kubeconfig, String path, String field) {
        Path p = Path.of(path);
        if (!p.isAbsolute() && kubeconfig.toAbsolutePath().getParent() != null) p = kubeconfig.toAbsolutePath().getParent().resolve(p);
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid(kubeconfig, "cannot read " + field + " " + p + ": " + e.getMessage());
        }
    }

    /** The entry {@code {name: <name>, ...}} of the list {@code field}. */
    private static JsonNode named(JsonNode config, String field, String name, Path file) {
        for (JsonNode entry : config.path(field)) {
            if (name.equals(entry.path("name").asText())) return entry;
        }
        throw invalid(file, field + " has no entry named \"" + name + "\"");
    }

    private static IllegalArgumentException invalid(Path file, String why) {
        return new IllegalArgumentException("kubeconfig " + file + ": " + why);
    }
}
