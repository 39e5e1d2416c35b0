package dev.beluga.cri;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes what a test's containerd left: the pods' bridge (CNI creates it and nothing removes it),
 * whatever is still mounted under the data dir (rootfs, netns, shm), then the files.
 */
final class TempDirs {
    private TempDirs() {}

    static void removeNode(ContainerdSettings settings) throws IOException, InterruptedException {
        // Absent when no sandbox ever ran; ip then fails, which is fine.
        new ProcessBuilder("ip", "link", "delete", settings.bridgeName()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        unmountAndDelete(settings.dataDir());
    }

    static void unmountAndDelete(Path dir) throws IOException, InterruptedException {
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .map(line -> line.split(" ")[1].replace("\\040", " "))
                .filter(mountPoint -> mountPoint.startsWith(dir.toString() + "/"))
                .sorted(Comparator.reverseOrder())
                .toList();
        for (String mountPoint : mounts) {
            new ProcessBuilder("umount", "-R", "-l", mountPoint).inheritIO().start().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
