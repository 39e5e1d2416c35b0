package dev.beluga.cri;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders containerd's config.toml (version 2) for a {@link ContainerdSettings}: a pure function,
 * so what a node's containerd runs with can be checked without starting one.
 */
public final class ContainerdConfig {
    /** Where Debian's containernetworking-plugins installs the CNI binaries. */
    public static final Path CNI_BIN_DIR = Path.of("/usr/lib/cni");

    /**
     * Plugins a CRI node does not need: snapshotters for filesystems we do not use (some log errors
     * or probe devices at start), tracing, and the remote snapshotter proxies.
     */
    static final List<String> DISABLED_PLUGINS = List.of(
            "io.containerd.snapshotter.v1.aufs",
            "io.containerd.snapshotter.v1.btrfs",
            "io.containerd.snapshotter.v1.zfs",
            "io.containerd.snapshotter.v1.devmapper",
            "io.containerd.internal.v1.tracing",
            "io.containerd.tracing.processor.v1.otlp");

    private ContainerdConfig() {}

    public static String render(ContainerdSettings settings) {
        String disabled = DISABLED_PLUGINS.stream().map(ContainerdConfig::quoted).collect(Collectors.joining(", "));
        // restrict_oom_score_adj: without CAP_SYS_RESOURCE containerd may not lower a container's
        // oom_score_adj below its own; restricting keeps sandbox creation from failing on such hosts.
        // netns_mounts_under_state_dir: the pods' network namespaces stay under our state dir.
        // disable_tcp_service / stream_server on 127.0.0.1 port 0: exec/attach URLs only on loopback.
        return """
                version = 2
                root = %s
                state = %s
                disabled_plugins = [%s]

                [grpc]
                  address = %s

                [plugins]
                  [plugins."io.containerd.grpc.v1.cri"]
                    sandbox_image = %s
                    restrict_oom_score_adj = true
                    netns_mounts_under_state_dir = true
                    disable_tcp_service = true
                    stream_server_address = "127.0.0.1"
                    stream_server_port = "0"
                    enable_selinux = false
                    disable_apparmor = true
                    tolerate_missing_hugetlb_controller = true
                    disable_hugetlb_controller = true
                    max_container_log_line_size = 16384

                    [plugins."io.containerd.grpc.v1.cri".cni]
                      bin_dir = %s
                      conf_dir = %s
                      max_conf_num = 1

                    [plugins."io.containerd.grpc.v1.cri".containerd]
                      default_runtime_name = "runc"
                      snapshotter = "overlayfs"

                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                        runtime_type = "io.containerd.runc.v2"

                        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                          SystemdCgroup = false
                """.formatted(
                quoted(settings.rootDir().toString()),
                quoted(settings.stateDir().toString()),
                disabled,
                quoted(settings.socketPath().toString()),
                quoted(settings.sandboxImage()),
                quoted(CNI_BIN_DIR.toString()),
                quoted(settings.cniConfDir().toString()));
    }

    /** A TOML basic string. */
    static String quoted(String value) {
        return QuotedString.of(value);
    }
}
