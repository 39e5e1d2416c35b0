package dev.beluga.kubelet.server;

import dev.beluga.kubelet.logs.ContainerLogs;
import dev.beluga.kubelet.runtime.ContainerMetadata;
import dev.beluga.kubelet.runtime.ContainerState;
import dev.beluga.kubelet.runtime.ContainerStatus;
import dev.beluga.kubelet.runtime.ImageSpec;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pod "p" (in "ns" with uid "u1" unless told otherwise) with containers "a" (running as instance "a-1", after "a-0"
 * exited) and "b" (still being created), their CRI log files under a temporary pod log root, and
 * the runtime's answers for those instances, which a test changes (e.g. "a-1" exits).
 */
final class LogFixture {
    final Path root;
    final Map<String, ContainerState> states = new ConcurrentHashMap<>();
    private final String podDir;

    LogFixture(Path root) throws IOException {
        this(root, "ns", "u1");
    }

    /** For the pod "p" of {@code namespace} with {@code uid} (an API server gives pods their uids). */
    LogFixture(Path root, String namespace, String uid) throws IOException {
        this.root = root;
        this.podDir = namespace + "_p_" + uid;
        Path dir = root.resolve(podDir + "/a");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("0.log"), line(1, "stdout", "F", "old one") + line(2, "stderr", "F", "old two"));
        Files.writeString(dir.resolve("1.log"), line(3, "stdout", "F", "first") + line(4, "stdout", "P", "sec") + line(4, "stdout", "F", "ond")
                + line(5, "stderr", "F", "third"));
        states.put("a-0", ContainerState.EXITED);
        states.put("a-1", ContainerState.RUNNING);
    }

    static String line(int second, String stream, String tag, String text) {
        return "2026-01-01T10:00:0" + second + ".000000001Z " + stream + " " + tag + " " + text + "\n";
    }

    void append(String text) throws IOException {
        Files.writeString(root.resolve(podDir + "/a/1.log"), text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The pod as the kubelet knows it, spec and status, named "p" in {@code namespace}. */
    static Pod pod(String namespace, String nodeName) {
        return withStatus(new PodBuilder().withNewMetadata().withName("p").withNamespace(namespace).withUid("u1").endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("a").withImage("busybox:1.35").endContainer()
                .addNewContainer().withName("b").withImage("busybox:1.35").endContainer().endSpec().build());
    }

    /** {@code pod} with the status of the fixture's containers. */
    static Pod withStatus(Pod pod) {
        return new PodBuilder(pod)
                .editOrNewStatus()
                .withContainerStatuses(new ContainerStatusBuilder().withName("a").withContainerID("containerd://a-1").withRestartCount(1)
                        .withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
                        .withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(1).withContainerID("containerd://a-0").endTerminated().build())
                        .build(),
                        new ContainerStatusBuilder().withName("b")
                        .withState(new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build()).build())
                .endStatus().build();
    }

    /** The runtime's status of an instance: "a-0" and "a-1" with logs relative to the sandbox's directory, as the simulated runtime reports them. */
    Optional<ContainerStatus> status(String id) {
        ContainerState state = states.get(id);
        if (state == null) return Optional.empty();
        int attempt = Integer.parseInt(id.substring(2));
        return Optional.of(new ContainerStatus(id, new ContainerMetadata("a", attempt), state, Instant.EPOCH, Optional.empty(), Optional.empty(), 0,
                ImageSpec.of("busybox:1.35"), "", "", "", Map.of(), Map.of(), "a/" + attempt + ".log"));
    }

    ContainerLogs logs(ContainerLogs.Pods pods) {
        return new ContainerLogs(pods, this::status, root);
    }
}
