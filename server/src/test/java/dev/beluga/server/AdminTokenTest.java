package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    @TempDir
    Path temp;

    @Test
    void madeOnceOwnerOnlyAndReused() throws Exception {
        Path file = temp.resolve("admin.token");

        AdminToken first = AdminToken.loadOrCreate(file);
        AdminToken second = AdminToken.loadOrCreate(file);

        assertThat(first.value()).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
        assertThat(second).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void twoDataDirectoriesGetDifferentTokens() {
        assertThat(AdminToken.loadOrCreate(temp.resolve("a")))
                .isNotEqualTo(AdminToken.loadOrCreate(temp.resolve("b")));
    }

    @Test
    void anEmptyFileIsAClearFailure() throws Exception {
        Path file = Files.writeString(temp.resolve("admin.token"), "\n");

        assertThatThrownBy(() -> AdminToken.loadOrCreate(file)).isInstanceOf(CommandFailure.class).hasMessageContaining("empty");
    }

    @Test
    void theSecretStaysOutOfToString() {
        assertThat(new AdminToken("hush")).asString().doesNotContain("hush");
    }
}
