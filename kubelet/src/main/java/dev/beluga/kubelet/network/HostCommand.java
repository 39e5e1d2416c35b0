package dev.beluga.kubelet.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of a host networking tool (ip, iptables-restore): its exit code and merged output, bounded in time. */
record HostCommand(int exitCode, String output) {
    private static final long TIMEOUT_SECONDS = 30;

    static HostCommand run(List<String> command) throws IOException {
        return run(command, "");
    }

    /** Runs {@code command} with {@code input} on its stdin; a command that hangs is killed after 30 s and counts as failed. */
    static HostCommand run(List<String> command, String input) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new HostCommand(process.exitValue(), output.strip());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Runs {@code command} and fails with its output when it exits non-zero. */
    static String check(List<String> command, String input) throws IOException {
        HostCommand result = run(command, input);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.output());
        }
        return result.output();
    }

    boolean succeeded() {
        return exitCode == 0;
    }
}
