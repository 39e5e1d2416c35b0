package dev.beluga.storage.etcd;

import dev.beluga.storage.CompactedException;
import dev.beluga.storage.KeyValue;
import dev.beluga.storage.StorageException;
import dev.beluga.storage.Watch;
import dev.beluga.storage.WatchEvent;
import dev.beluga.storage.WatchListener;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One SPI watch on one etcd watch stream (with previous values, so a deletion carries the last value, and
 * with progress notifications, which become {@link WatchListener#onProgress}).
 *
 * <p>Any stream failure ends the watch with that cause instead of letting jetcd resume it: jetcd resumes
 * from the revision of the stream's creation header, which skips events still being replayed when the
 * stream broke. Ending is gap-free by construction: the consumer (the watch cache) lists again and
 * watches from that list's revision. A compacted start revision ends it with a {@link CompactedException}.
 */
final class EtcdWatch implements Watch, io.etcd.jetcd.Watch.Listener {
    private final KeyLayout layout;
    private final WatchListener listener;
    private final CompactedRevision compaction;
    private final Consumer<EtcdWatch> ended;
    private final KeyLayout.Range wanted;
    private final KeyLayout.Range watched;
    private volatile io.etcd.jetcd.Watch.Watcher watcher;
    private final long startRevision;
    // guarded by this: callbacks and closing never reach the listener at the same time
    private boolean over;
    private long delivered;

    /**
     * @param wanted  the keys whose changes the listener gets
     * @param watched the etcd range watched: {@code wanted}, or all of etcd for a watch of everything a prefixed
     *                store holds, whose changes outside {@code wanted} become progress (see {@link EtcdStore#watch})
     */
    EtcdWatch(KeyLayout layout, KeyLayout.Range wanted, KeyLayout.Range watched, long startRevision, WatchListener listener,
              CompactedRevision compaction, Consumer<EtcdWatch> ended) {
        this.layout = layout;
        this.wanted = wanted;
        this.watched = watched;
        this.startRevision = startRevision;
        this.listener = listener;
        this.compaction = compaction;
        this.ended = ended;
        this.delivered = startRevision - 1;
    }

    void start(io.etcd.jetcd.Watch client) {
        KeyLayout.Range range = watched;
        WatchOption option = WatchOption.builder()
                .withRange(ByteSequence.from(range.end()))
                .withRevision(startRevision)
                .withPrevKV(true)
                .withProgressNotify(true)
                .build();
        try {
            watcher = client.watch(ByteSequence.from(range.from()), option, this);
        } catch (RuntimeException e) {
            // jetcd refuses new watches once its client is closing (the store closed meanwhile).
            // The caller gets the exception, so the listener hears nothing (as when watch() refuses a compacted start).
            synchronized (this) {
                over = true;
            }
            ended.accept(this);
            throw new StorageException("etcd did not start the watch: " + e.getMessage(), e);
        }
        boolean alreadyOver;
        synchronized (this) {
            alreadyOver = over;
        }
        if (alreadyOver) {
            watcher.close();
        }
    }

    @Override
    public void onNext(WatchResponse response) {
        Optional<Throwable> failure = Optional.empty();
        synchronized (this) {
            if (over) {
                return;
            }
            if (response.getEvents().isEmpty()) {
                long revision = response.getHeader().getRevision();
                if (revision >= delivered && revision > 0) {
                    listener.onProgress(revision);
                }
                return;
            }
            long top = 0;
            for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
                top = Math.max(top, e.getKeyValue().getModRevision());
                if (!wanted.contains(e.getKeyValue().getKey().getBytes())) {
                    continue;
                }
                Optional<WatchEvent> event = converted(e);
                if (event.isEmpty()) {
                    failure = Optional.of(new StorageException("etcd sent a deletion of "
                            + layout.fromEtcd(e.getKeyValue().getKey().getBytes()) + " without its last value (compacted meanwhile)"));
                    break;
                }
                if (event.get().revision() < delivered) {
                    // Never hand an older revision after a newer one; etcd does not resend, this only guards the contract.
                    continue;
                }
                listener.onEvent(event.get());
                delivered = event.get().revision();
            }
            if (failure.isEmpty() && top > delivered) {
                // The newest changes were outside the wanted keys: etcd's order says none of ours came before them.
                listener.onProgress(top);
            }
        }
        failure.ifPresent(f -> end(Optional.of(f)));
    }

    private Optional<WatchEvent> converted(io.etcd.jetcd.watch.WatchEvent e) {
        io.etcd.jetcd.KeyValue kv = e.getKeyValue();
        io.etcd.jetcd.KeyValue prev = e.getPrevKV();
        Optional<KeyValue> previous = prev == null || prev.getKey().isEmpty() ? Optional.empty() : Optional.of(spi(prev));
        String key = layout.fromEtcd(kv.getKey().getBytes());
        return switch (e.getEventType()) {
            case PUT -> Optional.of(new WatchEvent(WatchEvent.Type.PUT, spi(kv), previous));
            case DELETE -> previous.map(p -> new WatchEvent(WatchEvent.Type.DELETE,
                    new KeyValue(key, p.value(), p.createRevision(), kv.getModRevision()), previous));
            case UNRECOGNIZED -> Optional.empty();
        };
    }

    private KeyValue spi(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(layout.fromEtcd(kv.getKey().getBytes()), kv.getValue().getBytes(), kv.getCreateRevision(), kv.getModRevision());
    }

    @Override
    public void onError(Throwable failure) {
        StorageException cause;
        if (failure instanceof io.etcd.jetcd.common.exception.CompactedException c) {
            compaction.learned(c.getCompactedRevision());
            cause = new CompactedException(startRevision, c.getCompactedRevision());
        } else {
            cause = new StorageException("etcd watch stream failed: " + failure.getMessage(), failure);
        }
        end(Optional.of(cause));
    }

    @Override
    public void onCompleted() {
        end(Optional.of(new StorageException("etcd ended the watch stream")));
    }

    @Override
    public void close() {
        end(Optional.empty());
    }

    /** Ends the watch once: stops the etcd stream and tells the listener why. */
    void end(Optional<Throwable> cause) {
        synchronized (this) {
            if (over) {
                return;
            }
            over = true;
        }
        // Outside our lock: jetcd calls onError while holding its own lock, which closing takes too.
        io.etcd.jetcd.Watch.Watcher w = watcher;
        if (w != null) {
            w.close();
        }
        ended.accept(this);
        listener.onClose(cause);
    }
}
