package dev.beluga.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/** The facts about the machine the node reports in status.nodeInfo and its kubernetes.io/os and /arch labels. */
public record MachineInfo(String operatingSystem, String architecture, String osImage, String kernelVersion,
                          String machineId, String systemUuid, String bootId) {

    /** This host, as the JVM and /etc and /proc describe it. */
    public static MachineInfo ofThisHost() {
        String pretty = "Linux";
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) pretty = line.substring("PRETTY_NAME=".length()).replace("\"", "");
            }
        } catch (IOException e) {
            // Keep the generic name: a machine without os-release still runs pods.
        }
        return new MachineInfo("linux", goArch(System.getProperty("os.arch")), pretty, System.getProperty("os.version"),
                readOr("/etc/machine-id", ""), readOr("/sys/class/dmi/id/product_uuid", ""), readOr("/proc/sys/kernel/random/boot_id", ""));
    }

    /** A simulated machine: this host's OS facts, identifiers derived from the node name. */
    public static MachineInfo simulated(String nodeName) {
        MachineInfo host = ofThisHost();
        String id = UUID.nameUUIDFromBytes(nodeName.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return new MachineInfo("linux", host.architecture(), host.osImage(), host.kernelVersion(), id.replace("-", ""), id, id);
    }

    /** Go's GOARCH names, which the kubernetes.io/arch label uses. */
    static String goArch(String javaArch) {
        return switch (javaArch == null ? "" : javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "arm" -> "arm";
            default -> javaArch;
        };
    }

    private static String readOr(String path, String fallback) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException | SecurityException e) {
            return fallback;
        }
    }
}
