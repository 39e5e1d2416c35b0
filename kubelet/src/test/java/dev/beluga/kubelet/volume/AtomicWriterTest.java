package dev.beluga.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriterTest {
    @TempDir
    Path dir;

    private static FileProjection file(String text, int mode) {
        return new FileProjection(text.getBytes(StandardCharsets.UTF_8), mode);
    }

    private List<String> timestampDirs() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("..") && !n.equals("..data")).toList();
        }
    }

    @Test
    void filesAppearThroughTheDataSymlinkAndUpdatesSwapItWhole() throws IOException {
        AtomicWriter w = new AtomicWriter(dir, Clock.systemUTC());
        assertThat(w.write(Map.of("a.conf", file("one", 0644), "sub/b", file("two", 0600)), p -> {})).isTrue();
        assertThat(Files.isSymbolicLink(dir.resolve("..data"))).isTrue();
        assertThat(Files.readSymbolicLink(dir.resolve("a.conf"))).isEqualTo(Path.of("..data/a.conf"));
        assertThat(Files.readString(dir.resolve("a.conf"))).isEqualTo("one");
        assertThat(Files.readString(dir.resolve("sub/b"))).isEqualTo("two");
        assertThat((Integer) Files.getAttribute(dir.resolve("sub/b"), "unix:mode") & 0777).isEqualTo(0600);
        List<String> first = timestampDirs();
        assertThat(first).hasSize(1).allMatch(n -> n.matches("\\.\\.\\d{4}_\\d{2}_\\d{2}_\\d{2}_\\d{2}_\\d{2}\\..+"));

        // The same payload again writes nothing.
        assertThat(w.write(Map.of("a.conf", file("one", 0644), "sub/b", file("two", 0600)), p -> {})).isFalse();
        assertThat(timestampDirs()).isEqualTo(first);

        // A changed payload: new content, a key gone, the old directory removed.
        List<Path> seen = new java.util.ArrayList<>();
        assertThat(w.write(Map.of("a.conf", file("uno", 0644)), seen::add)).isTrue();
        assertThat(Files.readString(dir.resolve("a.conf"))).isEqualTo("uno");
        assertThat(Files.exists(dir.resolve("sub"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(timestampDirs()).hasSize(1).doesNotContainAnyElementsOf(first);
        assertThat(seen).hasSize(1);
    }

    @Test
    void pathsMustStayInsideTheVolume() {
        AtomicWriter w = new AtomicWriter(dir, Clock.systemUTC());
        assertThatThrownBy(() -> w.write(Map.of("../escape", file("x", 0644)), p -> {})).isInstanceOf(VolumeException.class).hasMessageContaining("'..'");
        assertThatThrownBy(() -> w.write(Map.of("/abs", file("x", 0644)), p -> {})).hasMessageContaining("must be relative");
        assertThatThrownBy(() -> w.write(Map.of("..hidden", file("x", 0644)), p -> {})).hasMessageContaining("must not start with '..'");
    }
}
