package dev.beluga.kubelet.runtime;

/**
 * What CRI ExecSync answered: the command's exit code and output, or that it did not finish within
 * its timeout (then the exit code means nothing).
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean timedOut) {
    public ExecResult {
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }
}
