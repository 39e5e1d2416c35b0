package dev.beluga.kubelet.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a removed pod's cgroup from every cgroup hierarchy (upstream's pod container manager
 * Destroy): the runtime removes each container's own cgroup but leaves the pod's, which it created as
 * their parent. Runs after the pod's sandboxes are removed, when the cgroup holds no process.
 */
public final class PodCgroupRemoval {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private final List<Path> hierarchies;

    /** @param hierarchies the mount points of the cgroup hierarchies (cgroup v1 controllers, the unified cgroup2) */
    public PodCgroupRemoval(List<Path> hierarchies) {
        this.hierarchies = List.copyOf(hierarchies);
    }

    /** The hierarchies this machine has mounted, as /proc/self/mountinfo lists them; none when it cannot be read. */
    public static PodCgroupRemoval ofThisMachine() {
        try {
            return new PodCgroupRemoval(hierarchies(Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return new PodCgroupRemoval(List.of());
        }
    }

    /** The mount points of filesystems of type cgroup or cgroup2 in mountinfo lines. Pure. */
    static List<Path> hierarchies(List<String> mountinfo) {
        List<Path> out = new ArrayList<>();
        for (String line : mountinfo) {
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] before = line.substring(0, dash).split(" ");
            String[] after = line.substring(dash + 3).split(" ");
            if (before.length < 5 || after.length < 1) continue;
            if (after[0].equals("cgroup") || after[0].equals("cgroup2")) out.add(Path.of(before[4]));
        }
        return out;
    }

    /**
     * Removes the pod's cgroup directories (rmdir: a cgroup goes only when it has no process and no
     * child). Returns what could not be removed, for the caller to report; nothing when all went.
     */
    public List<String> remove(String uid) {
        List<String> left = new ArrayList<>();
        for (Path hierarchy : hierarchies) {
            for (String name : PodCgroupName.candidates(uid)) {
                Path dir = hierarchy.resolve(name.substring(1));
                try {
                    Files.delete(dir);
                } catch (NoSuchFileException e) {
                    // Not in this hierarchy, or not of this QoS class.
                } catch (DirectoryNotEmptyException e) {
                    left.add(dir + ": still has children");
                } catch (IOException e) {
                    left.add(dir + ": " + e.getMessage());
                }
            }
        }
        return left;
    }
}
