package dev.beluga.kubelet.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** tmpfs mounts for emptyDir medium Memory, through mount(8) and umount(8) as upstream's mounter does. */
final class Tmpfs {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Tmpfs() {}

    /** @param sizeBytes the size= option; 0 leaves the kernel's default (half of RAM) */
    static void mount(Path dir, long sizeBytes) {
        List<String> cmd = new ArrayList<>(List.of("mount", "-t", "tmpfs"));
        if (sizeBytes > 0) cmd.addAll(List.of("-o", "size=" + sizeBytes));
        cmd.addAll(List.of("tmpfs", dir.toString()));
        run(cmd);
    }

    static void unmount(Path dir) {
        run(List.of("umount", dir.toString()));
    }

    /** The mount points at or under {@code dir}, deepest first. */
    static List<Path> mountsUnder(Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length < 5) continue;
                Path p = Path.of(unescape(fields[4]));
                if (p.startsWith(dir)) out.add(p);
            }
        } catch (IOException e) {
            throw new VolumeException("cannot read " + MOUNTINFO + ": " + e.getMessage(), e);
        }
        out.sort((a, b) -> b.getNameCount() - a.getNameCount());
        return out;
    }

    static boolean isMountPoint(Path dir) {
        return mountsUnder(dir).contains(dir);
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 3 < s.length()) {
                String oct = s.substring(i + 1, Math.min(i + 4, s.length()));
                if (oct.length() == 3 && oct.chars().allMatch(ch -> ch >= '0' && ch <= '7')) {
                    sb.append((char) Integer.parseInt(oct, 8));
                    i += 3;
                    continue;
                }
            }
            sb.append(s.charAt(i));
        }
        return sb.toString();
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new VolumeException(String.join(" ", cmd) + " did not finish within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new VolumeException("mount failed: exit status " + p.exitValue() + "\nMounting command: " + cmd.getFirst()
                        + "\nMounting arguments: " + String.join(" ", cmd.subList(1, cmd.size())) + "\nOutput: " + out);
            }
        } catch (IOException e) {
            throw new VolumeException("cannot run " + cmd.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VolumeException("interrupted running " + cmd.getFirst(), e);
        }
    }
}
