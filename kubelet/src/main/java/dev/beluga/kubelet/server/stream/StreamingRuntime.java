package dev.beluga.kubelet.server.stream;

import java.net.URI;
import java.util.List;

/**
 * CRI's Exec and Attach: the runtime prepares a session and answers the URL of its streaming server
 * where the session is served (containerd's, on loopback). Wired e.g. from the CRI client:
 * {@code new StreamingRuntime() { exec -> URI.create(cri.exec(...)) ... }}.
 */
public interface StreamingRuntime {
    URI exec(String containerId, List<String> command, boolean tty, boolean stdin, boolean stdout, boolean stderr);

    URI attach(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr);
}
