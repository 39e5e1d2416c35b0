package dev.beluga.controller.replicaset;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's slowStartBatch sizes: 1, 2, 4, ... until {@code count} is reached. A quota or admission
 * failure then costs one request, not hundreds, and stops the rest.
 */
public final class SlowStart {
    public static final int INITIAL_BATCH = 1;

    private SlowStart() {}

    public static List<Integer> batches(int count) {
        List<Integer> sizes = new ArrayList<>();
        int remaining = count;
        for (int size = Math.min(remaining, INITIAL_BATCH); size > 0; size = Math.min(2 * size, remaining)) {
            sizes.add(size);
            remaining -= size;
        }
        return sizes;
    }
}
