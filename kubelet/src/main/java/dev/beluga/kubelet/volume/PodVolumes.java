package dev.beluga.kubelet.volume;

import dev.beluga.kubelet.pod.ReferencedObjects;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Sets up a pod's volumes under the kubelet's root dir before its containers are created, keeps the
 * API-sourced ones current on every sync, and removes them with the pod (upstream's volume manager,
 * reduced to the plugins this kubelet has). Secret, downwardAPI and projected volumes are tmpfs
 * mounts, as upstream's; an emptyDir's sizeLimit on disk is enforced by eviction
 * ({@code EmptyDirUsage}, checked periodically).
 */
public final class PodVolumes {
    /** The outcome of setting up a pod's volumes. */
    public sealed interface SetUp permits Ready, Failed {}

    /** Every volume is set up. */
    public record Ready(Map<String, MountedVolume> volumes) implements SetUp {
        public Ready {
            volumes = Map.copyOf(volumes);
        }
    }

    /** Some volumes could not be set up (the others are in {@code ready}). */
    public record Failed(List<Failure> failures, Map<String, MountedVolume> ready) implements SetUp {
        public Failed {
            failures = List.copyOf(failures);
            ready = Map.copyOf(ready);
        }
    }

    /**
     * One volume's failure.
     *
     * @param written the volume's files as an earlier set-up wrote them (configMap, secret, downwardAPI,
     *                projected), still usable when only this refresh failed; found on disk, so also after a
     *                kubelet restart (upstream reconstructs mounted volumes the same way)
     */
    public record Failure(String volume, String message, Optional<MountedVolume> written) {
        /** The FailedMount event's message, as upstream's volume manager words it. */
        public String eventMessage() {
            return "MountVolume.SetUp failed for volume \"" + volume + "\" : " + message;
        }
    }

    private final VolumeLayout layout;
    private final Clock clock;

    public PodVolumes(VolumeLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
    }

    public VolumeLayout layout() {
        return layout;
    }

    /**
     * Sets up (or refreshes) every volume of the pod. Idempotent: an emptyDir is created once (and its
     * tmpfs mounted when missing), configMap/secret/downwardAPI/projected files are rewritten only when
     * their content changed.
     *
     * @param allocatable the node's allocatable resources (downward API limits, memory-backed emptyDir size)
     */
    public SetUp setUp(Pod pod, ReferencedObjects objects, Map<String, Quantity> allocatable) {
        Map<String, MountedVolume> ready = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        List<Volume> volumes = pod.getSpec() == null || pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        for (Volume v : volumes) {
            try {
                ready.put(v.getName(), setUp(pod, v, objects, allocatable));
            } catch (VolumeException e) {
                failures.add(new Failure(v.getName(), e.getMessage(), written(pod, v)));
            }
        }
        return failures.isEmpty() ? new Ready(ready) : new Failed(failures, ready);
    }

    private MountedVolume setUp(Pod pod, Volume v, ReferencedObjects objects, Map<String, Quantity> allocatable) {
        Optional<VolumeKind> kind = VolumeKind.of(v);
        if (kind.isEmpty()) throw new VolumeException("volume type " + VolumeKind.sourceName(v) + " is not supported by this kubelet");
        String uid = pod.getMetadata().getUid();
        if (kind.get() == VolumeKind.HOST_PATH) {
            Path path = Path.of(v.getHostPath().getPath());
            HostPathTypes.check(path, v.getHostPath().getType());
            return new MountedVolume(v.getName(), VolumeKind.HOST_PATH, path);
        }
        Path dir = layout.volumeDir(uid, kind.get(), v.getName());
        try {
            switch (kind.get()) {
                case EMPTY_DIR -> emptyDir(pod, v.getEmptyDir(), dir, allocatable);
                case CONFIG_MAP -> write(pod, dir, VolumePayloads.configMap(v.getConfigMap().getName(), v.getConfigMap().getItems(),
                        v.getConfigMap().getDefaultMode(), Boolean.TRUE.equals(v.getConfigMap().getOptional()), objects), false, allocatable);
                case SECRET -> write(pod, dir, VolumePayloads.secret(v.getSecret().getSecretName(), v.getSecret().getItems(),
                        v.getSecret().getDefaultMode(), Boolean.TRUE.equals(v.getSecret().getOptional()), objects), true, allocatable);
                case DOWNWARD_API -> write(pod, dir, VolumePayloads.downwardApi(pod, v.getDownwardAPI().getItems(), v.getDownwardAPI().getDefaultMode(), allocatable),
                        true, allocatable);
                case PROJECTED -> write(pod, dir, VolumePayloads.projected(pod, v.getProjected().getSources(), v.getProjected().getDefaultMode(), objects, allocatable),
                        true, allocatable);
                case HOST_PATH -> throw new IllegalStateException("handled above");
            }
        } catch (IOException e) {
            throw new VolumeException(e.toString(), e);
        }
        return new MountedVolume(v.getName(), kind.get(), dir);
    }

    private Optional<MountedVolume> written(Pod pod, Volume v) {
        Optional<VolumeKind> kind = VolumeKind.of(v);
        if (kind.isEmpty() || !kind.get().readOnly()) return Optional.empty();
        Path dir = layout.volumeDir(pod.getMetadata().getUid(), kind.get(), v.getName());
        return Files.isSymbolicLink(dir.resolve(AtomicWriter.DATA_DIR)) ? Optional.of(new MountedVolume(v.getName(), kind.get(), dir)) : Optional.empty();
    }

    /** Upstream's emptyDir: a 0777 directory (so any container user can write), on tmpfs for medium Memory. */
    private void emptyDir(Pod pod, EmptyDirVolumeSource source, Path dir, Map<String, Quantity> allocatable) throws IOException {
        String medium = source.getMedium() == null ? "" : source.getMedium();
        if (!medium.isEmpty() && !medium.equals("Memory")) throw new VolumeException("emptyDir medium " + medium + " is not supported by this kubelet");
        boolean fresh = !Files.isDirectory(dir);
        if (fresh) {
            Files.createDirectories(dir);
            Files.setAttribute(dir, "unix:mode", 0777);
        }
        if (medium.equals("Memory") && !Tmpfs.isMountPoint(dir)) {
            Tmpfs.mount(dir, EmptyDirSize.memoryBacked(pod, source, allocatable.get("memory")));
            fresh = true;
        }
        if (fresh) ownership(pod, dir, false);
    }

    /**
     * Writes an API-sourced volume's files. Secret, downwardAPI and projected volumes sit on a tmpfs of
     * their own, as upstream wraps them in a memory-backed emptyDir, so secret bytes never reach the
     * node's disk; a configMap's stays on disk as upstream's does. The payload was computed before, so a
     * volume whose source is missing mounts nothing.
     *
     * @param memoryBacked on a tmpfs sized as a memory-backed emptyDir without sizeLimit
     */
    private void write(Pod pod, Path dir, Map<String, FileProjection> payload, boolean memoryBacked, Map<String, Quantity> allocatable)
            throws IOException {
        boolean fresh = !Files.isDirectory(dir);
        if (fresh) {
            Files.createDirectories(dir);
            Files.setAttribute(dir, "unix:mode", 0777);
        }
        if (memoryBacked && !Tmpfs.isMountPoint(dir)) {
            Tmpfs.mount(dir, EmptyDirSize.memoryBacked(pod, new EmptyDirVolumeSource(), allocatable.get("memory")));
        }
        // Ownership goes over the whole volume once the new files are written, before they become visible.
        new AtomicWriter(dir, clock).write(payload, written -> ownership(pod, dir, true));
    }

    private static void ownership(Pod pod, Path dir, boolean readOnly) {
        PodSecurityContext sc = pod.getSpec().getSecurityContext();
        if (sc == null || sc.getFsGroup() == null) return;
        VolumeOwnership.apply(dir, sc.getFsGroup(), readOnly, "OnRootMismatch".equals(sc.getFsGroupChangePolicy()));
    }

    /**
     * Removes the pod's directory: unmounts what is mounted under it (deepest first), then deletes it
     * without following symlinks. Throws when something stays mounted, so the caller retries.
     */
    public void tearDown(String uid) {
        Path podDir = layout.podDir(uid);
        if (!Files.exists(podDir)) return;
        for (Path mount : Tmpfs.mountsUnder(podDir)) Tmpfs.unmount(mount);
        try {
            DirectoryTree.delete(podDir);
        } catch (IOException e) {
            throw new VolumeException("cannot remove " + podDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Upstream's cleanupOrphanedPodDirs: the pod directories of uids {@code known} rejects, torn down
     * (each uid checked again just before, as pods may arrive meanwhile). Assumes the root dir is this
     * kubelet's alone.
     */
    public void tearDownOrphans(Predicate<String> known) {
        Path pods = layout.podsDir();
        if (!Files.isDirectory(pods)) return;
        List<String> uids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(pods)) {
            for (Path d : dirs) uids.add(d.getFileName().toString());
        } catch (IOException e) {
            throw new VolumeException("cannot list " + pods + ": " + e.getMessage(), e);
        }
        List<String> failures = new ArrayList<>();
        for (String uid : uids) {
            if (known.test(uid)) continue;
            try {
                tearDown(uid);
            } catch (VolumeException | UncheckedIOException | IllegalArgumentException e) {
                failures.add(uid + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) throw new VolumeException("orphaned pod directories not removed: " + failures);
    }

    /** Whether the pod has volumes this kubelet must set up before its containers start. */
    public static boolean hasVolumes(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getVolumes() != null && !pod.getSpec().getVolumes().isEmpty();
    }
}
