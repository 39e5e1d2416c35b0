package dev.beluga.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the store revision into a stored object as metadata.resourceVersion. Runs once per change in
 * the watch cache, so every reader and watcher shares the stamped bytes. The stored JSON is always
 * ours (apiVersion, kind, then metadata first), so the common case is a byte splice after the first
 * {@code "metadata":{}; anything else takes the slow, general path through a tree.
 */
public final class ResourceVersionStamp {
    private static final byte[] METADATA = "\"metadata\":{".getBytes(StandardCharsets.UTF_8);

    private ResourceVersionStamp() {}

    public static byte[] stamp(byte[] stored, long revision) {
        int at = indexOf(stored, METADATA);
        if (at < 0 || at > 256) return stampSlowly(stored, revision);
        int insert = at + METADATA.length;
        boolean empty = insert < stored.length && stored[insert] == '}';
        byte[] field = ("\"resourceVersion\":\"" + revision + "\"" + (empty ? "" : ",")).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[stored.length + field.length];
        System.arraycopy(stored, 0, out, 0, insert);
        System.arraycopy(field, 0, out, insert, field.length);
        System.arraycopy(stored, insert, out, insert + field.length, stored.length - insert);
        return out;
    }

    private static byte[] stampSlowly(byte[] stored, long revision) {
        try {
            ObjectNode n = (ObjectNode) Json.MAPPER.readTree(stored);
            n.withObjectProperty("metadata").put("resourceVersion", Long.toString(revision));
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (IOException | ClassCastException e) {
            throw new UncheckedIOException(new IOException("stored value is not a JSON object", e));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
