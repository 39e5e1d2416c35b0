package dev.beluga.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last {@code capacity} events in revision order. {@link #floor} is the revision after which the
 * ring holds every change, so it can answer "everything after r" exactly when r >= floor.
 * Not thread-safe: the watch cache guards it with its state lock.
 */
final class EventRing {
    private final WatchEvent[] slots;
    private int start;
    private int size;
    private long floor;

    EventRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1, got " + capacity);
        }
        this.slots = new WatchEvent[capacity];
    }

    void reset(long revision) {
        java.util.Arrays.fill(slots, null);
        start = 0;
        size = 0;
        floor = revision;
    }

    long floor() {
        return floor;
    }

    void add(WatchEvent event) {
        if (size == slots.length) {
            floor = slots[start].revision();
            slots[start] = null;
            start = (start + 1) % slots.length;
            size--;
        }
        slots[(start + size) % slots.length] = event;
        size++;
    }

    /** Events with revision in (after, upTo]. */
    List<WatchEvent> between(long after, long upTo) {
        List<WatchEvent> out = new ArrayList<>();
        for (int i = firstAfter(after); i < size; i++) {
            WatchEvent e = get(i);
            if (e.revision() > upTo) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    Optional<WatchEvent> at(long revision) {
        int i = firstAfter(revision - 1);
        if (i < size && get(i).revision() == revision) {
            return Optional.of(get(i));
        }
        return Optional.empty();
    }

    private WatchEvent get(int i) {
        return slots[(start + i) % slots.length];
    }

    /** Index of the first event with revision greater than {@code revision} (size if none). */
    private int firstAfter(long revision) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (get(mid).revision() <= revision) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
