package dev.beluga.kubelet.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Upstream's tcp prober: success when a connection opens within the timeout; nothing is sent. */
final class TcpCheck {
    private TcpCheck() {}

    static ProbeOutcome run(ProbeAddress to, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(to.address(), to.port()), timeoutMillis(timeout));
            return new ProbeOutcome.Success("");
        } catch (IOException e) {
            return new ProbeOutcome.Failure("dial tcp " + to.hostPort() + ": " + GoErrors.dial(e));
        }
    }

    static int timeoutMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }
}
