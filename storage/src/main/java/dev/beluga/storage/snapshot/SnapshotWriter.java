package dev.beluga.storage.snapshot;

import dev.beluga.storage.KeyValue;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one snapshot file (see {@link SnapshotFormat}). The bytes go to a hidden sibling file that
 * replaces the target only on {@link #commit()}, so a failed or interrupted snapshot never leaves a
 * half file under the name a later restore would read. The file is owner-only: it holds Secrets.
 */
public final class SnapshotWriter implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final FileChannel channel;
    private final GZIPOutputStream gzip;
    private final MessageDigest digest;
    private final DataOutputStream out;
    private final SnapshotHeader header;
    private final EntryCheck check;
    private long count;
    private boolean finished;

    private SnapshotWriter(Path target, Path partial, FileChannel channel, GZIPOutputStream gzip, MessageDigest digest,
                           SnapshotHeader header) {
        this.target = target;
        this.partial = partial;
        this.channel = channel;
        this.gzip = gzip;
        this.digest = digest;
        this.out = new DataOutputStream(new DigestOutputStream(gzip, digest));
        this.header = header;
        this.check = new EntryCheck(header.revision());
    }

    /** Starts the snapshot of {@code target} with its header. @throws UncheckedIOException when it cannot be created */
    public static SnapshotWriter create(Path target, SnapshotHeader header) {
        Path absolute = target.toAbsolutePath();
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".part");
        try {
            Files.deleteIfExists(partial);
            FileChannel channel = FileChannel.open(partial, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            OutputStream file = java.nio.channels.Channels.newOutputStream(channel);
            GZIPOutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16), 1 << 16);
            SnapshotWriter writer = new SnapshotWriter(absolute, partial, channel, gzip, sha256(), header);
            writer.writeHeader();
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial + ": " + e.getMessage(), e);
        }
    }

    private void writeHeader() throws IOException {
        out.write(SnapshotFormat.MAGIC);
        out.writeInt(SnapshotFormat.VERSION);
        writeBytes(header.source().getBytes(StandardCharsets.UTF_8));
        out.writeLong(header.revision());
        out.writeLong(header.createdAt().toEpochMilli());
    }

    /** Appends one entry; entries come in ascending key order. */
    public void add(KeyValue kv) {
        check.accept(kv).ifPresent(problem -> {
            throw new IllegalArgumentException("snapshot entry out of rule: " + problem);
        });
        try {
            out.writeByte(SnapshotFormat.ENTRY);
            writeBytes(kv.key().getBytes(StandardCharsets.UTF_8));
            out.writeLong(kv.createRevision());
            out.writeLong(kv.modRevision());
            writeBytes(kv.value());
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial + ": " + e.getMessage(), e);
        }
    }

    /** Ends the file, makes it durable and puts it in place of the target. */
    public SnapshotSummary commit() {
        try {
            out.writeByte(SnapshotFormat.END);
            out.writeLong(count);
            out.flush();
            byte[] sum = digest.digest();
            gzip.write(sum);
            gzip.finish();
            gzip.flush();
            channel.force(true);
            gzip.close();
            finished = true;
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
            return new SnapshotSummary(header, count, HexFormat.of().formatHex(sum));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Without a commit, drops the partial file. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            gzip.close();
        } catch (IOException ignored) {
            // The partial file is deleted next; what failed to flush does not matter.
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // A leftover hidden .part file is harmless and replaced by the next snapshot.
        }
    }

    private void writeBytes(byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void syncDirectory(Path dir) {
        // The rename is durable only once the directory is; Linux allows fsync on a directory opened read-only.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Not every file system allows it; the data itself is already synced.
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
