package dev.beluga.cri;

import dev.beluga.kubelet.server.stream.StreamingRuntime;
import java.net.URI;
import java.util.List;

/** The kubelet's exec and attach on CRI: Exec and Attach answer the streaming server's URL of the session. */
public record CriStreaming(CriRuntime runtime) implements StreamingRuntime {
    @Override
    public URI exec(String containerId, List<String> command, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
        return URI.create(runtime.exec(containerId, command, tty, stdin, stdout, stderr));
    }

    @Override
    public URI attach(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
        return URI.create(runtime.attach(containerId, tty, stdin, stdout, stderr));
    }
}
