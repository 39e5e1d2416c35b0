package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beluga.cri.ContainerdSettings;
import dev.beluga.cri.ManagedContainerd;
import dev.beluga.cri.images.ImageImporter;
import dev.beluga.cri.images.OciImageBuilder;
import dev.beluga.cri.images.ProjectImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesCommandTest {
    @TempDir
    Path temp;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void helpNamesBothCommands() {
        CommandRun run = run("images", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: beluga images").contains("import", "list");
        assertThat(run("images", "import", "--help").out()).contains("--data-dir", "--container-runtime-endpoint", "FILE.tar");
        assertThat(run("images", "list", "--help").out()).contains("--data-dir");
        assertThat(run("images").exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingFileIsNamed() {
        CommandRun run = run("images", "import", temp.resolve("nope.tar").toString(), "--data-dir", temp.toString());
        assertThat(run.exitCode()).isEqualTo(CommandFailureHandler.FAILED);
        assertThat(run.err()).isEqualTo("beluga: " + temp.resolve("nope.tar") + " does not exist" + System.lineSeparator());
    }

    @Test
    void aFileThatIsNotAnArchiveIsRefused() throws Exception {
        Path text = Files.writeString(temp.resolve("notes.tar"), "just text\n");
        CommandRun run = run("images", "import", text.toString(), "--data-dir", temp.toString());
        assertThat(run.exitCode()).isEqualTo(CommandFailureHandler.FAILED);
        assertThat(run.err()).startsWith("beluga: " + text + " is not a tar archive");
    }

    @Test
    void withoutARunningServerBothCommandsAskForIt() {
        Path archive = new OciImageBuilder()
                .write(ProjectImages.busybox(new byte[] {1}, List.of("sh")), temp.resolve("busybox.tar")).archive();
        Path socket = temp.resolve("data").resolve("containerd").resolve("containerd.sock");
        CommandRun imported = run("images", "import", archive.toString(), "--data-dir", temp.resolve("data").toString());
        assertThat(imported.exitCode()).isEqualTo(CommandFailureHandler.FAILED);
        assertThat(imported.err()).isEqualTo("beluga: containerd socket " + socket + " not found: is beluga server running?"
                + System.lineSeparator());
        CommandRun listed = run("images", "list", "--container-runtime-endpoint", "unix://" + temp.resolve("other.sock"));
        assertThat(listed.err()).contains("containerd socket " + temp.resolve("other.sock") + " not found: is beluga server running?");
    }

    @Test
    void importedImagesAreListed() throws Exception {
        requireContainerd();
        Path dataDir = temp.resolve("data");
        ContainerdSettings settings = ContainerdSettings.of(dataDir.resolve("containerd"), "10.233.78.0/24");
        assertThat(settings.socketPath()).isEqualTo(ImagesCommand.managedSocket(dataDir));
        Path archive = new OciImageBuilder().write(ProjectImages.busyboxFromHost(), temp.resolve("busybox.tar")).archive();
        try (ManagedContainerd containerd = ManagedContainerd.start(settings)) {
            CommandRun imported = run("images", "import", archive.toString(), "--data-dir", dataDir.toString());
            assertThat(imported.err()).isEmpty();
            assertThat(imported.exitCode()).isZero();
            assertThat(imported.out()).isEqualTo("imported docker.io/library/busybox:1.35" + System.lineSeparator()
                    + "imported docker.io/library/busybox:latest" + System.lineSeparator());

            CommandRun listed = run("images", "list", "--data-dir", dataDir.toString());
            assertThat(listed.exitCode()).isZero();
            List<String> lines = listed.out().lines().toList();
            assertThat(lines.getFirst()).startsWith("IMAGE").contains("IMAGE ID", "SIZE");
            assertThat(lines).anyMatch(l -> l.startsWith("docker.io/library/busybox:1.35 "))
                    .anyMatch(l -> l.startsWith("docker.io/library/busybox:latest "));
        }
    }

    private static void requireContainerd() {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean ready = ProcessUser.isRoot() && Files.isExecutable(ManagedContainerd.CONTAINERD_BINARY)
                && Files.isExecutable(ImageImporter.CTR) && Files.isExecutable(ProjectImages.BUSYBOX);
        if (!ready) {
            String why = "needs root, containerd + ctr and busybox-static";
            if (ci) {
                throw new IllegalStateException(why);
            }
            assumeTrue(false, why);
        }
    }
}
