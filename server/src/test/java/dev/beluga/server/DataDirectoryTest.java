package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void rootDefaultsToVarLibAndOthersToTheirHome() {
        assertThat(DataDirectory.defaultPath(true, Path.of("/root"))).isEqualTo(Path.of("/var/lib/beluga"));
        assertThat(DataDirectory.defaultPath(false, Path.of("/home/ann"))).isEqualTo(Path.of("/home/ann/.beluga"));
    }

    @Test
    void prepareCreatesAnOwnerOnlyDirectory() throws Exception {
        DataDirectory dir = DataDirectory.prepare(temp.resolve("a/b"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.root()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.pki()))).isEqualTo("rwx------");
        assertThat(dir.database()).isEqualTo(dir.root().resolve("beluga.db"));
        assertThat(dir.kubeconfig()).isEqualTo(dir.root().resolve("kubeconfig.yaml"));
    }

    @Test
    void anExistingDirectoryIsNarrowedToOwnerOnly() throws Exception {
        Path root = Files.createDirectory(temp.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        DataDirectory.prepare(root);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
    }

    @Test
    void aPathThroughAFileIsAClearFailure() throws Exception {
        Path file = Files.writeString(temp.resolve("plain-file"), "x");

        assertThatThrownBy(() -> DataDirectory.prepare(file.resolve("data")))
                .isInstanceOf(CommandFailure.class)
                .hasMessageStartingWith("cannot use data directory " + file.resolve("data"));
    }
}
