package dev.beluga.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodLogDirectoryTest {
    @TempDir
    Path root;

    private Path logOf(String dir, String container) throws IOException {
        Path file = root.resolve(dir).resolve(container).resolve("0.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "2026-11-24T00:00:00.000000000Z stdout F hello\n");
        return file;
    }

    @Test
    void thePodsDirectoryIsNamespaceNameAndUidUnderTheRoot() {
        assertThat(new PodLogDirectory(root).of("default", "web", "u-1")).isEqualTo(root.resolve("default_web_u-1"));
    }

    @Test
    void namesThatCouldLeaveTheRootOrBeMisreadAreRefused() {
        PodLogDirectory logs = new PodLogDirectory(root);
        assertThatThrownBy(() -> logs.of("default", "../etc", "u-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> logs.of("", "web", "u-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> logs.of("a_b", "web", "u-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> logs.of("default", "web", "..")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removingAPodTakesItsContainersLogsAndLeavesOtherPods() throws IOException {
        logOf("default_web_u-1", "app");
        logOf("default_web_u-1", "sidecar");
        Path other = logOf("default_web_u-2", "app");
        PodLogDirectory logs = new PodLogDirectory(root);
        logs.remove("default", "web", "u-1");
        assertThat(root.resolve("default_web_u-1")).doesNotExist();
        assertThat(other).exists();
        // Again, and for a pod known only by its uid (an orphan without namespace label): nothing happens.
        logs.remove("default", "web", "u-1");
        logs.remove("", "u-2", "u-2");
        assertThat(other).exists();
    }

    @Test
    void orphansAreTheDirectoriesOfUnknownUids() throws IOException {
        logOf("default_web_u-1", "app");
        logOf("kube-system_dns_u-2", "dns");
        Files.createDirectories(root.resolve("not-a-pod-dir"));
        new PodLogDirectory(root).removeOrphans("u-1"::equals);
        assertThat(root.resolve("default_web_u-1")).isDirectory();
        assertThat(root.resolve("kube-system_dns_u-2")).doesNotExist();
        assertThat(root.resolve("not-a-pod-dir")).isDirectory();
    }

    @Test
    void aMissingRootHasNoOrphans() {
        new PodLogDirectory(root.resolve("absent")).removeOrphans(uid -> false);
        assertThat(root.resolve("absent")).doesNotExist();
    }
}
