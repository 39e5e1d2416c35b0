package dev.beluga.server;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where one Beluga server keeps its state, and the name of every file in it. Only the owner may
 * enter it (0700): it holds the cluster CA key and the admin token.
 */
record DataDirectory(Path root) {
    static final Path ROOT_DEFAULT = Path.of("/var/lib/beluga");
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /** /var/lib/beluga for root, ~/.beluga for anyone else (a normal user cannot write /var/lib). */
    static Path defaultPath(boolean root, Path home) {
        return root ? ROOT_DEFAULT : home.resolve(".beluga");
    }

    /** The default for the user running this JVM. */
    static Path defaultPath() {
        return defaultPath(ProcessUser.isRoot(), Path.of(System.getProperty("user.home")));
    }

    /** Creates the directory (and its pki folder) if needed, owner-only, and checks it is writable. */
    static DataDirectory prepare(Path root) {
        DataDirectory dir = new DataDirectory(root.toAbsolutePath().normalize());
        try {
            Files.createDirectories(dir.root());
            Files.setPosixFilePermissions(dir.root(), OWNER_ONLY);
            Files.createDirectories(dir.pki());
            Files.setPosixFilePermissions(dir.pki(), OWNER_ONLY);
        } catch (FileAlreadyExistsException e) {
            throw unusable(dir, e.getFile() + " exists and is not a directory");
        } catch (AccessDeniedException e) {
            throw unusable(dir, "permission denied on " + e.getFile());
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof NoSuchFileException ? "cannot be created" : e.getClass().getSimpleName();
            throw unusable(dir, e.getFile() + ": " + reason);
        } catch (IOException e) {
            throw unusable(dir, String.valueOf(e.getMessage()));
        }
        if (!Files.isWritable(dir.root())) {
            throw unusable(dir, "not writable");
        }
        return dir;
    }

    private static CommandFailure unusable(DataDirectory dir, String why) {
        return new CommandFailure("cannot use data directory " + dir.root() + ": " + why + " (choose another with --data-dir)");
    }

    Path pki() {
        return root.resolve("pki");
    }

    Path caCertificate() {
        return pki().resolve("ca.crt");
    }

    Path caKey() {
        return pki().resolve("ca.key");
    }

    Path servingCertificate() {
        return pki().resolve("serving.crt");
    }

    Path servingKey() {
        return pki().resolve("serving.key");
    }

    Path adminToken() {
        return root.resolve("admin.token");
    }

    Path kubeconfig() {
        return root.resolve("kubeconfig.yaml");
    }

    Path database() {
        return root.resolve("beluga.db");
    }
}
