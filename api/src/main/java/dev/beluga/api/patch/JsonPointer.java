package dev.beluga.api.patch;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 6901 pointer split into unescaped reference tokens ({@code ~1} is '/', {@code ~0} is '~').
 * The empty pointer names the whole document.
 */
record JsonPointer(String text, List<String> tokens) {

    static JsonPointer parse(String text) {
        if (text.isEmpty()) return new JsonPointer(text, List.of());
        if (text.charAt(0) != '/') throw PatchRejections.unprocessable("JSON pointer must be empty or start with a \"/\": " + text);
        List<String> tokens = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return new JsonPointer(text, List.copyOf(tokens));
    }

    boolean isRoot() {
        return tokens.isEmpty();
    }

    String last() {
        return tokens.getLast();
    }

    JsonPointer parent() {
        return new JsonPointer(text.substring(0, text.lastIndexOf('/')), tokens.subList(0, tokens.size() - 1));
    }

    /** Whether {@code other} is this pointer or lies beneath it (a move may not go into its own child). */
    boolean isPrefixOf(JsonPointer other) {
        return other.tokens.size() >= tokens.size() && other.tokens.subList(0, tokens.size()).equals(tokens);
    }
}
