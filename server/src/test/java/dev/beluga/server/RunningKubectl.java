package dev.beluga.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A kubectl left running (a watch, attach, logs -f) whose output (stdout and stderr) is collected as
 * it comes, so a test waits for what it expects to see instead of stopping kubectl after a fixed time
 * and hoping enough arrived. Bounded by coreutils' timeout, so a leaked one cannot outlive the build.
 */
final class RunningKubectl implements AutoCloseable {
    /** How long a kubectl may run at most, whatever the test does. */
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;

    private RunningKubectl(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().name("kubectl-output").start(this::read);
    }

    /** Starts {@code kubectl --kubeconfig <kubeconfig> <args>} with HOME (kubectl's cache) in {@code home}. */
    static RunningKubectl start(String kubectl, Path kubeconfig, Path home, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("timeout", Long.toString(LIMIT.toSeconds()), kubectl, "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        return new RunningKubectl(p);
    }

    private void read() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
                synchronized (output) {
                    output.append(chunk);
                }
            }
        } catch (IOException e) {
            // The process was stopped: what was read so far is the output.
        }
    }

    /** Everything kubectl printed so far. */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits (bounded by {@link LocalNodeCluster#WAIT}) until the output so far satisfies {@code done} and returns it;
     * fails naming what was awaited and what kubectl printed, also when kubectl ended first.
     */
    String await(String what, Predicate<String> done) throws InterruptedException {
        long deadline = System.nanoTime() + LocalNodeCluster.WAIT.toNanos();
        while (true) {
            boolean ended = !process.isAlive();
            // Read after checking for the end: an ended kubectl's last output may still be arriving otherwise.
            if (ended) reader.join(Duration.ofSeconds(10));
            String out = output();
            if (done.test(out)) return out;
            if (ended) throw new AssertionError("kubectl ended (exit " + process.exitValue() + ") before " + what + "; it printed: " + out);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within " + LocalNodeCluster.WAIT.toSeconds() + " s: " + what + "; kubectl printed: " + out);
            }
            Thread.sleep(100);
        }
    }

    /** Stops kubectl (SIGTERM to timeout(1), which passes it on) and waits for it and its output. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        reader.join(Duration.ofSeconds(10));
    }
}
