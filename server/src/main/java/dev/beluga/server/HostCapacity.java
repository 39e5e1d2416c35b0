package dev.beluga.server;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What this machine offers pods, as upstream's kubelet reports it from cAdvisor: cpu = logical CPUs,
 * memory = MemTotal, ephemeral-storage = the size of the filesystem holding the node's data, pods = 110.
 */
final class HostCapacity {
    private HostCapacity() {}

    static Map<String, Quantity> of(Path dataDir) {
        return Map.of(
                "cpu", new Quantity(Integer.toString(Runtime.getRuntime().availableProcessors())),
                "memory", new Quantity(memTotalKib() + "Ki"),
                "ephemeral-storage", new Quantity(filesystemKib(dataDir) + "Ki"),
                "pods", new Quantity("110"));
    }

    /** MemTotal from /proc/meminfo (in KiB); the JVM's view of physical memory would be capped by its own limits. */
    static long memTotalKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            // Fall through: a machine without /proc/meminfo reports what the JVM can see.
        }
        return Runtime.getRuntime().maxMemory() / 1024;
    }

    private static long filesystemKib(Path dataDir) {
        try {
            FileStore store = Files.getFileStore(Files.exists(dataDir) ? dataDir : dataDir.toAbsolutePath().getRoot());
            return store.getTotalSpace() / 1024;
        } catch (IOException e) {
            return 0;
        }
    }
}
