package dev.beluga.kubelet.staticpod;

import dev.beluga.client.events.EventRecorder;
import dev.beluga.client.informer.ResourceHandler;
import dev.beluga.kubelet.PodSource;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's file source of static pods (upstream's --pod-manifest-path): every *.yaml, *.yml
 * and *.json file of the folder (not hidden ones) is read on each change the folder's WatchService
 * reports and every 20 s regardless, as upstream's file source re-lists. A pod whose file changed
 * has a new uid, so the kubelet stops the old pod and starts the new; a removed file's pods stop.
 * A file that cannot be read or a pod that fails validation is reported (log; an event for a pod)
 * and skipped, never fatal.
 */
public final class StaticPodSource implements PodSource, AutoCloseable {
    /** Upstream's file check frequency (kubelet --file-check-frequency). */
    public static final Duration RESCAN = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(StaticPodSource.class);

    private final Path folder;
    private final String nodeName;
    private final EventRecorder events;
    private final Clock clock;
    private final List<ResourceHandler<Pod>> handlers = new CopyOnWriteArrayList<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private StaticPodSet current = StaticPodSet.empty();
    private volatile boolean synced;
    private volatile boolean closed;
    private WatchService watch;
    private ScheduledFuture<?> rescans;

    public StaticPodSource(Path folder, String nodeName, EventRecorder events, Clock clock) {
        this.folder = folder;
        this.nodeName = nodeName;
        this.events = events;
        this.clock = clock;
    }

    /** Creates the folder if missing, reads it once, then follows it. */
    public StaticPodSource start(ScheduledExecutorService timers) {
        try {
            Files.createDirectories(folder);
            watch = folder.getFileSystem().newWatchService();
            folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            // Without a watch the periodic re-read still finds every change, only later.
            log.warn("kubelet {}: cannot watch the static pod folder {}: {}", nodeName, folder, e.toString());
        }
        rescan();
        if (watch != null) Thread.ofVirtual().name("static-pods-" + nodeName).start(this::followWatch);
        rescans = timers.scheduleWithFixedDelay(() -> Thread.ofVirtual().start(this::rescan), RESCAN.toMillis(), RESCAN.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void followWatch() {
        try {
            while (!closed) {
                WatchKey key = watch.take();
                key.pollEvents();
                // Editors write in several steps; let a burst settle into one read.
                Thread.sleep(100);
                for (WatchKey more = watch.poll(); more != null; more = watch.poll()) {
                    more.pollEvents();
                    more.reset();
                }
                rescan();
                if (!key.reset()) {
                    log.warn("kubelet {}: the static pod folder {} is no longer watched; re-reading every {}", nodeName, folder, RESCAN);
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed.
        }
    }

    /** Reads the folder and delivers what changed: new uids as onAdd, vanished ones as onDelete. */
    public synchronized void rescan() {
        if (closed) return;
        List<ManifestReading> readings = new ArrayList<>();
        for (Path file : manifests()) {
            try {
                readings.add(ManifestParser.read(file.toString(), Files.readAllBytes(file), nodeName));
            } catch (IOException e) {
                // Deleted between listing and reading, or unreadable: as if absent this round.
                readings.add(new ManifestReading.Unreadable(file.toString(), e.toString()));
            }
        }
        StaticPodSet next = StaticPodSet.of(readings, current.seen(), clock.instant());
        report(next);
        StaticPodSet previous = current;
        current = next;
        boolean changed = false;
        for (var e : previous.pods().entrySet()) {
            if (!next.pods().containsKey(e.getKey())) {
                changed = true;
                for (ResourceHandler<Pod> h : handlers) h.onDelete(e.getValue());
            }
        }
        for (var e : next.pods().entrySet()) {
            if (!previous.pods().containsKey(e.getKey())) {
                changed = true;
                for (ResourceHandler<Pod> h : handlers) h.onAdd(e.getValue());
            }
        }
        synced = true;
        if (changed) for (Runnable r : changeListeners) r.run();
    }

    private List<Path> manifests() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) return files;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (name.startsWith(".") || !Files.isRegularFile(p)) continue;
                if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")) files.add(p);
            }
        } catch (IOException e) {
            log.warn("kubelet {}: cannot list the static pod folder {}: {}", nodeName, folder, e.toString());
        }
        files.sort(null);
        return files;
    }

    /** Each problem once (the folder is re-read every 20 s): a log line, and for a pod a FailedValidation event. */
    private void report(StaticPodSet set) {
        Set<String> now = new HashSet<>();
        for (ManifestReading.Unreadable u : set.unreadable()) {
            String msg = "Could not process manifest file " + u.source() + ": " + u.reason();
            now.add(msg);
            if (!reported.contains(msg)) log.warn("kubelet {}: {}", nodeName, msg);
        }
        for (ManifestReading.Rejected r : set.rejected()) {
            now.add(r.message());
            if (reported.contains(r.message())) continue;
            log.warn("kubelet {}: {}", nodeName, r.message());
            try {
                events.warning(r.pod(), "FailedValidation", r.message());
            } catch (RuntimeException e) {
                log.debug("event for static pod {}: {}", r.pod().getMetadata().getName(), e.toString());
            }
        }
        reported.retainAll(now);
        reported.addAll(now);
    }

    @Override
    public synchronized Registration subscribe(ResourceHandler<Pod> handler) {
        handlers.add(handler);
        for (Pod p : current.pods().values()) handler.onAdd(p);
        return () -> handlers.remove(handler);
    }

    /** Called after each change of the static pod set (the mirror pod keeper's cue). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    @Override
    public boolean hasSynced() {
        return synced;
    }

    /** The static pods now. */
    public synchronized Collection<Pod> pods() {
        return List.copyOf(current.pods().values());
    }

    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        closed = true;
        if (rescans != null) rescans.cancel(false);
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                log.debug("closing the static pod watch: {}", e.toString());
            }
        }
    }
}
