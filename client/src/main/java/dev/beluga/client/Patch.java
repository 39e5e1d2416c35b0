package dev.beluga.client;

/**
 * A PATCH body and its type.
 *
 * @param status apply it to the status subresource instead of the main resource
 */
public record Patch(Type type, String body, boolean status) {
    public enum Type {
        MERGE("application/merge-patch+json"),
        JSON("application/json-patch+json"),
        STRATEGIC("application/strategic-merge-patch+json");

        private final String contentType;

        Type(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    public static Patch merge(String body) {
        return new Patch(Type.MERGE, body, false);
    }

    public static Patch mergeStatus(String body) {
        return new Patch(Type.MERGE, body, true);
    }

    public static Patch strategic(String body) {
        return new Patch(Type.STRATEGIC, body, false);
    }

    public static Patch json(String body) {
        return new Patch(Type.JSON, body, false);
    }
}
