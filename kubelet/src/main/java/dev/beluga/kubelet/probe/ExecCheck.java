package dev.beluga.kubelet.probe;

import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Upstream's exec prober through CRI ExecSync: exit 0 passes, any other code fails with the
 * command's output (stdout then stderr, at most 10 KiB), a timeout fails with
 * "command \"...\" timed out"; a runtime error means no verdict.
 */
final class ExecCheck {
    private static final int MAX_OUTPUT = 10 * 1024;

    private ExecCheck() {}

    static ProbeOutcome run(ContainerRuntime runtime, String containerId, List<String> command, Duration timeout) {
        if (command == null || command.isEmpty()) return new ProbeOutcome.Error("exec: no command");
        ExecResult r;
        try {
            r = runtime.execSync(containerId, command, timeout);
        } catch (ContainerRuntimeException e) {
            return new ProbeOutcome.Error(e.getMessage());
        }
        if (r.timedOut()) return new ProbeOutcome.Failure("command \"" + String.join(" ", command) + "\" timed out");
        String output = output(r);
        return r.exitCode() == 0 ? new ProbeOutcome.Success(output) : new ProbeOutcome.Failure(output);
    }

    static String output(ExecResult r) {
        byte[] out = r.stdout();
        byte[] err = r.stderr();
        byte[] all = new byte[Math.min(MAX_OUTPUT, out.length + err.length)];
        int n = Math.min(out.length, all.length);
        System.arraycopy(out, 0, all, 0, n);
        System.arraycopy(err, 0, all, n, Math.min(err.length, all.length - n));
        return new String(all, StandardCharsets.UTF_8);
    }
}
