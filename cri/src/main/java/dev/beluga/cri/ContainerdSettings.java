package dev.beluga.cri;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Where and how a {@link ManagedContainerd} runs: everything it writes (root, state, socket, CNI
 * configuration and IPAM state, log) lives under {@code dataDir}, so it never collides with a
 * system containerd or with another Beluga node on the same machine.
 *
 * @param dataDir      the directory that holds everything (keep it short: unix socket paths max 108 bytes)
 * @param podCidr      the node's podCIDR, from which host-local IPAM hands out pod IPs (e.g. 10.244.0.0/24);
 *                     "" while not yet known (an agent learns it from its Node): no CNI config is written
 *                     and containerd reports NetworkReady=false until {@link ManagedContainerd#configureNetwork}
 * @param sandboxImage the pause image every sandbox runs; it must already be imported (we never pull it)
 * @param bridgeName   the Linux bridge the pods attach to (max 15 characters)
 */
public record ContainerdSettings(Path dataDir, String podCidr, String sandboxImage, String bridgeName) {
    /** The pause image the project builds from catatonit and imports; never pulled from a registry. */
    public static final String PAUSE_IMAGE = "beluga.local/pause:3.9";

    public ContainerdSettings {
        dataDir = dataDir.toAbsolutePath().normalize();
        if (bridgeName.isEmpty() || bridgeName.length() > 15) {
            throw new IllegalArgumentException("a Linux interface name has 1 to 15 characters: '" + bridgeName + "'");
        }
        if (socketPathOf(dataDir).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
            throw new IllegalArgumentException("data directory too long for a unix socket path (max 108 bytes): " + dataDir);
        }
    }

    public ContainerdSettings withPodCidr(String cidr) {
        return new ContainerdSettings(dataDir, cidr, sandboxImage, bridgeName);
    }

    /** The defaults for a node: the project's pause image and a bridge name unique to the data directory. */
    public static ContainerdSettings of(Path dataDir, String podCidr) {
        return new ContainerdSettings(dataDir, podCidr, PAUSE_IMAGE, bridgeNameFor(dataDir));
    }

    /**
     * "bl" and 8 hex digits of the data directory's hash: two nodes on one machine (tests, benchmarks)
     * get two bridges instead of fighting over one.
     */
    public static String bridgeNameFor(Path dataDir) {
        int hash = dataDir.toAbsolutePath().normalize().toString().hashCode();
        return "bl" + HexFormat.of().toHexDigits(hash);
    }

    public Path socketPath() {
        return socketPathOf(dataDir);
    }

    private static Path socketPathOf(Path dataDir) {
        return dataDir.resolve("containerd.sock");
    }

    public Path rootDir() {
        return dataDir.resolve("root");
    }

    public Path stateDir() {
        return dataDir.resolve("state");
    }

    public Path configFile() {
        return dataDir.resolve("config.toml");
    }

    public Path cniConfDir() {
        return dataDir.resolve("cni").resolve("net.d");
    }

    public Path cniIpamDir() {
        return dataDir.resolve("cni").resolve("ipam");
    }

    public Path logFile() {
        return dataDir.resolve("containerd.log");
    }
}
