package dev.beluga.kubelet.volume;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The root dir of kubelets not given one (hollow nodes, tests): one directory per process under
 * java.io.tmpdir, removed (tmpfs volumes unmounted first) when the process exits, so simulated pods
 * that were never deleted leave nothing behind. A real node sets its own root dir, whose pod
 * directories outlive the kubelet as upstream's do.
 */
public final class ProcessRootDir {
    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "beluga-kubelet-" + ProcessHandle.current().pid());

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(ProcessRootDir::remove));
    }

    private ProcessRootDir() {}

    public static Path path() {
        return DIR;
    }

    private static void remove() {
        try {
            for (Path mount : Tmpfs.mountsUnder(DIR)) Tmpfs.unmount(mount);
            DirectoryTree.delete(DIR);
        } catch (IOException | RuntimeException e) {
            // Exiting anyway; what could not be removed stays in the temporary directory.
        }
    }
}
