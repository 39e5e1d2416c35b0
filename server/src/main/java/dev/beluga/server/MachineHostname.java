package dev.beluga.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** This machine's host name, for the serving certificate. */
final class MachineHostname {
    private MachineHostname() {}

    /**
     * The kernel's host name (no DNS lookup, so no stall on a machine with broken resolution), else
     * what Java's resolver says; empty if neither knows one.
     */
    static Optional<String> current() {
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!kernel.isEmpty()) {
                return Optional.of(kernel.toLowerCase(Locale.ROOT));
            }
        } catch (IOException notLinux) {
            // Fall through to the resolver.
        }
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
