package dev.beluga.apiserver.http;

import dev.beluga.api.errors.StatusException;
import java.util.Locale;

/** What the client accepts, chosen from its Accept header in its order of preference. */
public enum OutputFormat {
    JSON("application/json"), YAML("application/yaml"), TABLE("application/json;as=Table;v=v1;g=meta.k8s.io");

    public final String contentType;

    OutputFormat(String contentType) {
        this.contentType = contentType;
    }

    public static OutputFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) return JSON;
        boolean onlyUnsupported = true;
        for (String clause : accept.split(",")) {
            String c = clause.trim().toLowerCase(Locale.ROOT).replace(" ", "");
            String base = c.contains(";") ? c.substring(0, c.indexOf(';')) : c;
            if (c.contains("as=table")) {
                if (c.contains("g=meta.k8s.io") && (c.contains("v=v1;") || c.endsWith("v=v1") || c.contains("v=v1beta1"))) return TABLE;
                continue;
            }
            if (c.contains("as=")) continue;
            switch (base) {
                case "application/json", "application/*", "*/*", "*" -> { return JSON; }
                case "application/yaml" -> { return YAML; }
                default -> { }
            }
            onlyUnsupported &= !base.isEmpty();
        }
        if (onlyUnsupported) throw StatusException.notAcceptable("only the following media types are accepted: application/json, application/yaml, "
                + "application/json;as=Table;v=v1;g=meta.k8s.io");
        return JSON;
    }
}
