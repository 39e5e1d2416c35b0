package dev.beluga.storage.snapshot;

import dev.beluga.storage.KeyValue;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a snapshot file (see {@link SnapshotFormat}) from start to end, handing each entry to a sink
 * as it goes, and proves it whole: structure, entry rules, count and SHA-256. Entries are handed over
 * before the digest is checked, so a sink that writes somewhere must be able to drop what it wrote
 * when the read fails (the SQLite restore writes into a file it deletes; the etcd restore reads the
 * file once with a sink that only counts before it writes anything).
 */
public final class SnapshotReader {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** bbolt, etcd's database (what `etcdctl snapshot save` writes): the meta page's magic 0xED0CDAED, little-endian, after the 16-byte page header. */
    private static final byte[] BOLT_MAGIC = {(byte) 0xED, (byte) 0xDA, 0x0C, (byte) 0xED};

    /** Receives the header first, then every entry in key order. */
    public interface Sink {
        void header(SnapshotHeader header);

        void entry(KeyValue kv);
    }

    private SnapshotReader() {}

    /** Reads and checks the whole file without keeping anything. */
    public static SnapshotSummary verify(Path file) {
        return read(file, new Sink() {
            @Override
            public void header(SnapshotHeader header) {}

            @Override
            public void entry(KeyValue kv) {}
        });
    }

    /** @throws InvalidSnapshotException when the file is missing, unreadable, damaged, truncated or not a snapshot */
    public static SnapshotSummary read(Path file, Sink sink) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSnapshotException("no snapshot file " + file);
        }
        refuseOtherFormats(file);
        MessageDigest digest = SnapshotWriter.sha256();
        try (InputStream raw = Files.newInputStream(file);
             GZIPInputStream gzip = new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16)) {
            DataInputStream in = new DataInputStream(new DigestInputStream(gzip, digest));
            byte[] magic = in.readNBytes(SnapshotFormat.MAGIC.length);
            if (!Arrays.equals(magic, SnapshotFormat.MAGIC)) {
                throw new InvalidSnapshotException(file + " is not a Beluga snapshot (it does not start with the snapshot magic)");
            }
            int version = in.readInt();
            if (version != SnapshotFormat.VERSION) {
                throw new InvalidSnapshotException(file + " is a snapshot of format version " + version
                        + "; this beluga reads version " + SnapshotFormat.VERSION);
            }
            String source = utf8(readBytes(in, SnapshotFormat.MAX_KEY_BYTES, "source"), "source");
            long revision = in.readLong();
            Instant createdAt = Instant.ofEpochMilli(in.readLong());
            if (revision < 0) {
                throw new InvalidSnapshotException(file + " is damaged: negative revision " + revision);
            }
            SnapshotHeader header = new SnapshotHeader(source, revision, createdAt);
            sink.header(header);
            EntryCheck check = new EntryCheck(revision);
            long count = 0;
            while (true) {
                int tag = in.readUnsignedByte();
                if (tag == SnapshotFormat.END) {
                    break;
                }
                if (tag != SnapshotFormat.ENTRY) {
                    throw new InvalidSnapshotException(file + " is damaged: unknown record tag " + tag + " after " + count + " entries");
                }
                String key = utf8(readBytes(in, SnapshotFormat.MAX_KEY_BYTES, "key"), "key");
                long createRevision = in.readLong();
                long modRevision = in.readLong();
                byte[] value = readBytes(in, SnapshotFormat.MAX_VALUE_BYTES, "value of " + key);
                KeyValue kv = new KeyValue(key, value, createRevision, modRevision);
                var problem = check.accept(kv);
                if (problem.isPresent()) {
                    throw new InvalidSnapshotException(file + " is damaged: " + problem.get());
                }
                sink.entry(kv);
                count++;
            }
            long declared = in.readLong();
            byte[] expected = digest.digest();
            byte[] stored = gzip.readNBytes(expected.length);
            if (stored.length < expected.length) {
                throw truncated(file, null);
            }
            if (!MessageDigest.isEqual(expected, stored)) {
                throw new InvalidSnapshotException(file + " is damaged: its SHA-256 does not match its content");
            }
            if (declared != count) {
                throw new InvalidSnapshotException(file + " is damaged: it declares " + declared + " entries but holds " + count);
            }
            if (gzip.read() != -1) {
                throw new InvalidSnapshotException(file + " is damaged: data follows the end of the snapshot");
            }
            return new SnapshotSummary(header, count, HexFormat.of().formatHex(stored));
        } catch (EOFException e) {
            throw truncated(file, e);
        } catch (ZipException e) {
            throw new InvalidSnapshotException(file + " is damaged or not a Beluga snapshot (gzip: " + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new InvalidSnapshotException("no snapshot file " + file, e);
        } catch (IOException e) {
            throw new InvalidSnapshotException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static InvalidSnapshotException truncated(Path file, EOFException cause) {
        return new InvalidSnapshotException(file + " is truncated: it ends before the end of the snapshot", cause);
    }

    private static byte[] readBytes(DataInputStream in, int max, String what) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw new InvalidSnapshotException("snapshot is damaged: the " + what + " claims " + Integer.toUnsignedString(length) + " bytes");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException();
        }
        return bytes;
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSnapshotException("snapshot is damaged: a " + what + " is not UTF-8", e);
        }
    }

    /** The two files users most likely confuse with a snapshot get a message that says what they are. */
    private static void refuseOtherFormats(Path file) {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(20);
        } catch (IOException e) {
            throw new InvalidSnapshotException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (start.length >= SQLITE_MAGIC.length && Arrays.equals(start, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
            throw new InvalidSnapshotException(file + " is a SQLite database, not a snapshot: `beluga datastore snapshot` makes one from it");
        }
        if (start.length >= 20 && Arrays.equals(start, 16, 20, BOLT_MAGIC, 0, 4)) {
            throw new InvalidSnapshotException(file + " is an etcd snapshot (`etcdctl snapshot save`), not a Beluga snapshot:"
                    + " restore it with `etcdctl snapshot restore` into a new etcd data dir");
        }
        if (start.length == 0) {
            throw new InvalidSnapshotException(file + " is empty");
        }
    }
}
