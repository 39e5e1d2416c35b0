package dev.beluga.cri;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this machine can run real containers: root, containerd, ctr, runc, the CNI plugins,
 * catatonit and busybox-static. Missing prerequisites skip a test, or fail it when CI=true.
 */
final class ContainerdOnMachine {
    private ContainerdOnMachine() {}

    static void require() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (Path binary : List.of(ManagedContainerd.CONTAINERD_BINARY, Path.of("/usr/bin/ctr"), Path.of("/usr/sbin/runc"),
                ContainerdConfig.CNI_BIN_DIR.resolve("bridge"), ContainerdConfig.CNI_BIN_DIR.resolve("host-local"),
                ContainerdConfig.CNI_BIN_DIR.resolve("portmap"), ContainerdConfig.CNI_BIN_DIR.resolve("loopback"),
                Path.of("/usr/bin/catatonit"), Path.of("/usr/bin/busybox"))) {
            if (!Files.isExecutable(binary)) {
                missing.add(binary.toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = "real containers need " + String.join(", ", missing) + " (scripts install them as root)";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(why);
        }
        assumeTrue(false, why);
    }
}
