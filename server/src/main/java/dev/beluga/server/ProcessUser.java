package dev.beluga.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who runs this process, as far as file defaults care. */
final class ProcessUser {
    private ProcessUser() {}

    /** True for uid 0. /proc/self belongs to the effective user of the process reading it. */
    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
