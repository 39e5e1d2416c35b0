package dev.beluga.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beluga.storage.KeyValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
    @TempDir
    Path dir;

    private static KeyValue kv(String key, String value, long create, long mod) {
        return new KeyValue(key, value.getBytes(StandardCharsets.UTF_8), create, mod);
    }

    private Path write(List<KeyValue> entries, long revision) {
        Path file = dir.resolve("s.snap");
        try (SnapshotWriter w = SnapshotWriter.create(file, new SnapshotHeader("sqlite", revision, Instant.ofEpochMilli(1234)))) {
            entries.forEach(w::add);
            w.commit();
        }
        return file;
    }

    private static List<KeyValue> read(Path file, List<SnapshotHeader> headers) {
        List<KeyValue> got = new ArrayList<>();
        SnapshotReader.read(file, new SnapshotReader.Sink() {
            @Override
            public void header(SnapshotHeader header) {
                headers.add(header);
            }

            @Override
            public void entry(KeyValue kv) {
                got.add(kv);
            }
        });
        return got;
    }

    @Test
    void whatIsWrittenReadsBackWithHeaderCountAndDigest() throws Exception {
        List<KeyValue> entries = List.of(kv("/registry/a/x", "{\"a\":1}", 2, 5), kv("/registry/b/é", "", 3, 3),
                new KeyValue("/registry/c", new byte[] {0, (byte) 0xFF, 10}, 4, 9));
        Path file = write(entries, 9);

        List<SnapshotHeader> headers = new ArrayList<>();
        List<KeyValue> got = read(file, headers);
        SnapshotSummary summary = SnapshotReader.verify(file);

        assertThat(headers).containsExactly(new SnapshotHeader("sqlite", 9, Instant.ofEpochMilli(1234)));
        assertThat(got).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(got.get(i).key()).isEqualTo(entries.get(i).key());
            assertThat(got.get(i).value()).isEqualTo(entries.get(i).value());
            assertThat(got.get(i).createRevision()).isEqualTo(entries.get(i).createRevision());
            assertThat(got.get(i).modRevision()).isEqualTo(entries.get(i).modRevision());
        }
        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.sha256()).hasSize(64);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(dir.resolve(".s.snap.part")).doesNotExist();
    }

    @Test
    void anUncommittedWriterLeavesNoFile() {
        Path file = dir.resolve("s.snap");
        try (SnapshotWriter w = SnapshotWriter.create(file, new SnapshotHeader("etcd", 3, Instant.now()))) {
            w.add(kv("/registry/a", "1", 1, 1));
        }
        assertThat(file).doesNotExist();
        assertThat(dir.resolve(".s.snap.part")).doesNotExist();
    }

    @Test
    void theWriterRefusesEntriesOutOfOrderOrPastTheRevision() {
        try (SnapshotWriter w = SnapshotWriter.create(dir.resolve("s.snap"), new SnapshotHeader("etcd", 3, Instant.now()))) {
            w.add(kv("/registry/b", "1", 1, 1));
            assertThatThrownBy(() -> w.add(kv("/registry/a", "1", 2, 2))).hasMessageContaining("does not sort after /registry/b");
            assertThatThrownBy(() -> w.add(kv("/registry/c", "1", 2, 4))).hasMessageContaining("impossible at revision 3");
            assertThatThrownBy(() -> w.add(kv("/other/c", "1", 2, 2))).hasMessageContaining("is not under /registry/");
        }
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path file = write(List.of(kv("/registry/a", "x".repeat(5000), 1, 1), kv("/registry/b", "y", 2, 2)), 2);
        byte[] bytes = Files.readAllBytes(file);
        for (int cut : new int[] {bytes.length - 1, bytes.length - 9, bytes.length / 2, 12}) {
            Files.write(file, Arrays.copyOf(bytes, cut));
            assertThatThrownBy(() -> SnapshotReader.verify(file)).isInstanceOf(InvalidSnapshotException.class)
                    .hasMessageMatching(".*(truncated|damaged).*");
        }
    }

    @Test
    void aChangedByteInsideIsRefusedByTheDigest() throws Exception {
        Path file = write(List.of(kv("/registry/a", "{\"data\":\"hello\"}", 1, 1)), 1);
        // Change the content and compress again, so gzip's own CRC is right and only the SHA-256 catches it.
        byte[] content = new GZIPInputStream(Files.newInputStream(file)).readAllBytes();
        String text = new String(content, StandardCharsets.ISO_8859_1).replace("hello", "jello");
        ByteArrayOutputStream recompressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(recompressed)) {
            gzip.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        Files.write(file, recompressed.toByteArray());

        assertThatThrownBy(() -> SnapshotReader.verify(file)).isInstanceOf(InvalidSnapshotException.class)
                .hasMessageContaining("SHA-256 does not match");
    }

    @Test
    void aFlippedCompressedByteIsRefused() throws Exception {
        Path file = write(List.of(kv("/registry/a", "{\"data\":\"" + "z".repeat(2000) + "\"}", 1, 1)), 1);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);

        assertThatThrownBy(() -> SnapshotReader.verify(file)).isInstanceOf(InvalidSnapshotException.class);
    }

    @Test
    void otherFilesAreNamedForWhatTheyAre() throws Exception {
        Path missing = dir.resolve("none.snap");
        Path sqlite = dir.resolve("beluga.db");
        Files.write(sqlite, ("SQLite format 3\0" + "rest").getBytes(StandardCharsets.US_ASCII));
        Path bolt = dir.resolve("etcd.db");
        byte[] page = new byte[64];
        page[16] = (byte) 0xED;
        page[17] = (byte) 0xDA;
        page[18] = 0x0C;
        page[19] = (byte) 0xED;
        Files.write(bolt, page);
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a snapshot at all");
        Path empty = Files.createFile(dir.resolve("empty.snap"));
        Path plainGzip = dir.resolve("other.gz");
        try (GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(plainGzip))) {
            gzip.write("some other archive".getBytes(StandardCharsets.US_ASCII));
        }

        assertThatThrownBy(() -> SnapshotReader.verify(missing)).hasMessageContaining("no snapshot file");
        assertThatThrownBy(() -> SnapshotReader.verify(sqlite)).hasMessageContaining("is a SQLite database");
        assertThatThrownBy(() -> SnapshotReader.verify(bolt)).hasMessageContaining("etcdctl snapshot restore");
        assertThatThrownBy(() -> SnapshotReader.verify(text)).hasMessageContaining("not a Beluga snapshot");
        assertThatThrownBy(() -> SnapshotReader.verify(empty)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> SnapshotReader.verify(plainGzip)).hasMessageContaining("not a Beluga snapshot");
    }
}
