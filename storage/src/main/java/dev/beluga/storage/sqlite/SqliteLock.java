package dev.beluga.storage.sqlite;

import dev.beluga.storage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one-writer lock of a SQLite store file: an exclusive lock on the sibling {@code <file>.lock},
 * held by whoever writes the file (a running store, a restore) until closed. The store keeps its
 * revision counter in memory, so a second writer would reuse revisions; the lock turns that into a
 * clear refusal. It is a separate file because POSIX drops every lock a process holds on a file
 * when any descriptor of it closes, which would release SQLite's own locks on the database.
 * The lock file stays after release: deleting it would let two processes lock two different files.
 */
public final class SqliteLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SqliteLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code database}. */
    public static Path fileOf(Path database) {
        Path absolute = database.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".lock");
    }

    /** @throws StoreInUseException when another store (in this or another process) holds it */
    public static SqliteLock acquire(Path database) {
        Path file = fileOf(database);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StoreInUseException(database);
            }
            return new SqliteLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new StoreInUseException(database);
        } catch (IOException e) {
            close(channel);
            throw new StorageException("cannot lock " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    /** True when some process holds the lock of {@code database} now. */
    public static boolean isHeld(Path database) {
        if (!Files.exists(fileOf(database))) {
            return false;
        }
        try (SqliteLock ignored = acquire(database)) {
            return false;
        } catch (StoreInUseException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it as well.
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through it.
        }
    }
}
