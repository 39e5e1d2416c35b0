package dev.beluga.cri.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The two images Beluga builds from this machine's Debian binaries, since no registry is reachable:
 * the sandbox (pause) image, running catatonit in pause mode, and busybox.
 *
 * <p>The definitions are pure functions of the binaries' bytes; {@link #pauseFromHost} and
 * {@link #busyboxFromHost} read them from the paths the Debian packages install.
 */
public final class ProjectImages {
    public static final Path CATATONIT = Path.of("/usr/bin/catatonit");
    public static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    public static final String BUSYBOX_VERSION_NAME = "docker.io/library/busybox:1.35";
    public static final String BUSYBOX_LATEST_NAME = "docker.io/library/busybox:latest";
    /** Debian 12's busybox-static is 1.35.0, so the image is tagged as upstream's 1.35 and latest. */
    public static final List<String> BUSYBOX_NAMES = List.of(BUSYBOX_VERSION_NAME, BUSYBOX_LATEST_NAME);

    /**
     * buildroot's skeleton /etc/passwd, which upstream's busybox image ships: root, a few system
     * users and nobody (65534).
     */
    static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/bin/false
            bin:x:2:2:bin:/bin:/bin/false
            sys:x:3:3:sys:/dev:/bin/false
            sync:x:4:100:sync:/bin:/bin/sync
            mail:x:8:8:mail:/var/spool/mail:/bin/false
            www-data:x:33:33:www-data:/var/www:/bin/false
            operator:x:37:37:Operator:/var:/bin/false
            nobody:x:65534:65534:nobody:/home:/bin/false
            """;

    static final String GROUP = """
            root:x:0:
            daemon:x:1:
            bin:x:2:
            sys:x:3:
            adm:x:4:
            tty:x:5:
            disk:x:6:
            lp:x:7:
            mail:x:8:
            kmem:x:9:
            wheel:x:10:root
            cdrom:x:11:
            dialout:x:18:
            floppy:x:19:
            video:x:28:
            audio:x:29:
            tape:x:32:
            www-data:x:33:
            operator:x:37:
            utmp:x:43:
            plugdev:x:46:
            staff:x:50:
            lock:x:54:
            netdev:x:82:
            users:x:100:
            nobody:x:65534:
            """;

    private ProjectImages() {}

    /**
     * The sandbox image: catatonit (statically linked) as /catatonit, run with -P (pause mode: it
     * only reaps and waits for a signal, as upstream's /pause does), as upstream's user 65535.
     */
    public static ImageDefinition pause(String name, byte[] catatonit) {
        return new ImageDefinition(
                List.of(name),
                new ImageConfig(List.of("/catatonit", "-P"), List.of(), List.of(ImageConfig.STANDARD_PATH), "/",
                        Optional.of("65535:65535")),
                List.of(new LayerEntry.RegularFile("catatonit", 0755, catatonit)));
    }

    /**
     * The busybox image laid out as upstream's: the binary as /bin/busybox and every applet a hard
     * link to it in /bin (upstream runs {@code busybox --install /bin}, so /sbin and /usr/bin stay
     * out), buildroot's passwd and group, /tmp world-writable and sticky, homes of the users.
     */
    public static ImageDefinition busybox(byte[] busybox, List<String> applets) {
        List<LayerEntry> layer = new ArrayList<>();
        for (String dir : List.of("bin", "dev", "etc", "home")) {
            layer.add(new LayerEntry.Directory(dir, 0755));
        }
        layer.add(new LayerEntry.Directory("root", 0700));
        layer.add(new LayerEntry.Directory("tmp", 01777));
        for (String dir : List.of("usr", "usr/sbin", "var", "var/spool", "var/spool/mail", "var/www")) {
            layer.add(new LayerEntry.Directory(dir, 0755));
        }
        layer.add(new LayerEntry.RegularFile("bin/busybox", 0755, busybox));
        for (String applet : applets.stream().distinct().sorted().toList()) {
            if (!applet.equals("busybox")) {
                layer.add(new LayerEntry.HardLink("bin/" + applet, "bin/busybox"));
            }
        }
        layer.add(new LayerEntry.RegularFile("etc/passwd", 0644, PASSWD.getBytes(StandardCharsets.UTF_8)));
        layer.add(new LayerEntry.RegularFile("etc/group", 0644, GROUP.getBytes(StandardCharsets.UTF_8)));
        return new ImageDefinition(
                BUSYBOX_NAMES,
                new ImageConfig(List.of(), List.of("sh"), List.of(ImageConfig.STANDARD_PATH), "/", Optional.empty()),
                layer);
    }

    /** The applet names of `busybox --list` output: one per line; anything with a slash or space is not one. */
    static List<String> applets(String listOutput) {
        return listOutput.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.contains("/") && !line.contains(" ") && !line.equals(".")
                        && !line.equals(".."))
                .toList();
    }

    public static ImageDefinition pauseFromHost(String name) {
        return pause(name, read(CATATONIT, "catatonit"));
    }

    public static ImageDefinition busyboxFromHost() {
        byte[] binary = read(BUSYBOX, "busybox-static");
        List<String> applets = applets(run(BUSYBOX.toString(), "--list"));
        if (applets.size() < 100) {
            throw new IllegalStateException(BUSYBOX + " --list names " + applets.size()
                    + " applets; busybox-static has about 270 (is " + BUSYBOX + " from the busybox-static package?)");
        }
        return busybox(binary, applets);
    }

    private static byte[] read(Path binary, String debianPackage) {
        if (!Files.isRegularFile(binary)) {
            throw new IllegalStateException(binary + " is missing: install the Debian package " + debianPackage
                    + " (apt-get install " + debianPackage + ")");
        }
        try {
            return Files.readAllBytes(binary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + binary + ": " + e.getMessage(), e);
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
