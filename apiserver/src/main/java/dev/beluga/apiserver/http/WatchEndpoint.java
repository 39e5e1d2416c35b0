package dev.beluga.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import dev.beluga.api.resources.ResourceType;
import dev.beluga.api.table.IncludeObject;
import dev.beluga.api.table.TablePrinter;
import dev.beluga.apiserver.registry.ListOptions;
import dev.beluga.apiserver.registry.ListResult;
import dev.beluga.apiserver.registry.ObjectCodec;
import dev.beluga.apiserver.registry.ObjectRegistry;
import dev.beluga.apiserver.registry.WatchSelection;
import dev.beluga.storage.CompactedException;
import dev.beluga.storage.Watch;
import dev.beluga.storage.WatchEvent;
import dev.beluga.storage.WatchListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Watch as upstream serves it: a chunked stream of {"type","object"} JSON lines; from "" or "0" the
 * current state first as ADDED events, then every change in order; BOOKMARKs when asked; an ERROR
 * event with a 410 Expired Status when the requested revision is compacted, so informers relist.
 */
final class WatchEndpoint {
    /** Events a slow client may fall behind by before its watch is ended (it relists, as upstream's clients do). */
    private static final int BACKLOG = 10_000;

    private sealed interface Item {}
    private record Change(WatchEvent event) implements Item {}
    private record Progress(long revision) implements Item {}
    private record Closed(Optional<Throwable> cause) implements Item {}

    /** Written once per event per watcher, so built once: {"type":"ADDED","object": ... }\n */
    private static final java.util.Map<String, byte[]> EVENT_PREFIX = java.util.Map.of(
            "ADDED", prefix("ADDED"), "MODIFIED", prefix("MODIFIED"), "DELETED", prefix("DELETED"));
    private static final byte[] EVENT_SUFFIX = "}\n".getBytes(StandardCharsets.UTF_8);

    private final ObjectRegistry registry;
    private final Clock clock;

    private static byte[] prefix(String type) {
        return ("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8);
    }

    WatchEndpoint(ObjectRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void serve(Exchange ex, ResourceType served, String namespace, ListOptions options, OutputFormat format, String singleName) throws IOException {
        if (format == OutputFormat.YAML) format = OutputFormat.JSON;
        ResourceType stored = ServedForm.storageType(served);
        boolean bookmarks = ex.param("allowWatchBookmarks").equals("true");
        boolean initialEvents = ex.param("sendInitialEvents").equals("true");
        long timeout = parseTimeout(ex.param("timeoutSeconds"));
        String rv = options.resourceVersion();
        WatchSelection selection = new WatchSelection(singleName.isEmpty() ? options : new ListOptions(options.labels(),
                dev.beluga.api.selection.FieldSelector.parse(join(options, singleName), served), 0, Optional.empty(), rv),
                stored == dev.beluga.api.resources.ResourceRegistry.PODS);

        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(BACKLOG);
        AtomicBoolean overflow = new AtomicBoolean();
        WatchListener listener = new WatchListener() {
            @Override public void onEvent(WatchEvent event) {
                if (!queue.offer(new Change(event))) overflow.set(true);
            }
            @Override public void onProgress(long revision) {
                queue.offer(new Progress(revision));
            }
            @Override public void onClose(Optional<Throwable> cause) {
                if (!queue.offer(new Closed(cause))) overflow.set(true);
            }
        };

        EventWriter writer = new EventWriter(served, format, IncludeObject.METADATA);
        boolean initialList = rv.isEmpty() || rv.equals("0") || initialEvents;
        ListResult current = null;
        Watch watch = null;
        // Started before the response is: a store that cannot list or watch (etcd down) is answered with its
        // Status (503/504) rather than an empty 200 stream that ends at once. A bad or compacted resourceVersion
        // is an ERROR event in the stream, as upstream's watch cache sends it.
        Optional<StatusException> refused = Optional.empty();
        long from = 0;
        if (initialList) {
            current = registry.list(stored, namespace, new ListOptions(selection.options().labels(), selection.options().fields(), 0, Optional.empty(), ""));
            from = current.revision();
            watch = registry.store().watch(ObjectRegistry.prefix(stored, namespace), from, listener);
        } else {
            try {
                from = Long.parseLong(rv);
                watch = registry.store().watch(ObjectRegistry.prefix(stored, namespace), from, listener);
            } catch (NumberFormatException e) {
                refused = Optional.of(StatusException.badRequest("invalid resource version: " + rv));
            } catch (CompactedException e) {
                refused = Optional.of(StatusException.expired("too old resource version: " + from + " (" + (e.compacted() + 1) + ")"));
            }
        }
        // Buffered, flushed when the watcher's queue is empty: a backlog leaves as one write (one TLS record
        // train) instead of one blocking write per event, which is what lets a slow moment catch up.
        OutputStream out = new java.io.BufferedOutputStream(ex.stream(200, "application/json"), 64 * 1024);
        try {
            if (refused.isPresent()) {
                writer.error(out, refused.get());
                return;
            }
            if (initialList) {
                for (byte[] item : current.items()) writer.write(out, "ADDED", item);
                if (initialEvents && bookmarks) writer.bookmark(out, from, true);
            }
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                Item item = queue.poll(left, TimeUnit.NANOSECONDS);
                if (item == null) break;
                if (overflow.get()) {
                    writer.error(out, StatusException.of(410, "Expired", "the watch fell too far behind; list again", null));
                    break;
                }
                boolean end = false;
                switch (item) {
                    case Change c -> writeChange(writer, out, selection, c.event());
                    case Progress p -> {
                        if (bookmarks) writer.bookmark(out, p.revision(), false);
                    }
                    case Closed c -> end = true;
                }
                if (end) break;
                if (queue.isEmpty()) out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // The client hung up; nothing to answer.
        } finally {
            if (watch != null) watch.close();
            try {
                out.close();
            } catch (IOException ignored) {
                // Closing a stream to a client that left.
            }
            ex.done();
        }
    }

    /** Selectors turn a change into what this watcher sees (WatchSelection, shared with the in-process watch). */
    private static void writeChange(EventWriter writer, OutputStream out, WatchSelection selection, WatchEvent e) throws IOException {
        Optional<WatchSelection.Seen> seen = selection.seen(e);
        if (seen.isPresent()) writer.write(out, seen.get().name(), e.kv().value());
    }

    private static String join(ListOptions options, String name) {
        String fields = options.fields().toString();
        return (fields.isEmpty() ? "" : fields + ",") + "metadata.name=" + name;
    }

    private static long parseTimeout(String value) {
        if (value.isEmpty()) return 1800 + ThreadLocalRandom.current().nextLong(1800);
        try {
            return Math.max(1, Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("timeoutSeconds must be a number: " + value);
        }
    }

    /** Encodes events in the negotiated form; stored objects are spliced in as bytes. */
    private final class EventWriter {
        private final ResourceType served;
        private final OutputFormat format;
        private final IncludeObject include;
        private boolean columnsSent;

        EventWriter(ResourceType served, OutputFormat format, IncludeObject include) {
            this.served = served;
            this.format = format;
            this.include = include;
        }

        void write(OutputStream out, String type, byte[] stored) throws IOException {
            byte[] object = ServedForm.out(served, stored);
            if (format == OutputFormat.TABLE) {
                // Upstream sends the column definitions with the first event only.
                List<JsonNode> row = List.of(ObjectCodec.treeOfStored(object));
                ObjectNode table = columnsSent ? TablePrinter.rowsOnly(served, row, clock.instant(), include)
                        : TablePrinter.table(served, row, clock.instant(), include);
                columnsSent = true;
                object = ObjectCodec.toJson(table);
            }
            out.write(EVENT_PREFIX.get(type));
            out.write(object);
            out.write(EVENT_SUFFIX);
        }

        void bookmark(OutputStream out, long revision, boolean initialEventsEnd) throws IOException {
            ObjectNode obj = Json.MAPPER.createObjectNode();
            obj.put("kind", served.kind());
            obj.put("apiVersion", served.apiVersion());
            ObjectNode meta = obj.putObject("metadata");
            meta.put("resourceVersion", Long.toString(revision));
            if (initialEventsEnd) meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
            out.write(("{\"type\":\"BOOKMARK\",\"object\":" + obj + "}\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void error(OutputStream out, StatusException e) throws IOException {
            out.write(("{\"type\":\"ERROR\",\"object\":").getBytes(StandardCharsets.UTF_8));
            out.write(ObjectCodec.toJson(e.status()));
            out.write("}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
