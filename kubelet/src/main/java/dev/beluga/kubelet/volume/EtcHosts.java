package dev.beluga.kubelet.volume;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Upstream's kubelet-managed /etc/hosts: a file in the pod's directory, mounted into every container
 * that does not mount its own /etc/hosts. It names the pod's IPs with its hostname (and FQDN when the
 * pod has a subdomain) and the pod's hostAliases; a hostNetwork pod gets the node's file instead,
 * plus the aliases.
 */
public final class EtcHosts {
    static final String HEADER = "# Kubernetes-managed hosts file.\n";
    static final String HEADER_HOST_NETWORK = "# Kubernetes-managed hosts file (host network).\n";
    public static final String CONTAINER_PATH = "/etc/hosts";

    private EtcHosts() {}

    /** Upstream's managedHostsFileContent (pure). */
    public static String content(List<String> podIps, String hostname, String domain, List<HostAlias> aliases) {
        StringBuilder sb = new StringBuilder(HEADER);
        sb.append("127.0.0.1\tlocalhost\n");
        sb.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        sb.append("fe00::0\tip6-localnet\n");
        sb.append("fe00::0\tip6-mcastprefix\n");
        sb.append("fe00::1\tip6-allnodes\n");
        sb.append("fe00::2\tip6-allrouters\n");
        for (String ip : podIps) {
            if (domain.isEmpty()) sb.append(ip).append('\t').append(hostname).append('\n');
            else sb.append(ip).append('\t').append(hostname).append('.').append(domain).append('\t').append(hostname).append('\n');
        }
        return sb.append(aliases(aliases)).toString();
    }

    /** Upstream's nodeHostsFileContent (pure): the node's file under the host-network header, then the aliases. */
    public static String hostNetworkContent(String nodeHostsFile, List<HostAlias> aliases) {
        return HEADER_HOST_NETWORK + nodeHostsFile + aliases(aliases);
    }

    static String aliases(List<HostAlias> aliases) {
        if (aliases == null || aliases.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("\n# Entries added by HostAliases.\n");
        for (HostAlias a : aliases) {
            sb.append(a.getIp()).append('\t').append(String.join("\t", a.getHostnames() == null ? List.of() : a.getHostnames())).append('\n');
        }
        return sb.toString();
    }

    /** Upstream's pod domain: SUBDOMAIN.NAMESPACE.svc.CLUSTER_DOMAIN when the pod has a subdomain, else "". */
    public static String domain(Pod pod, String clusterDomain) {
        String sub = pod.getSpec() == null ? null : pod.getSpec().getSubdomain();
        if (sub == null || sub.isEmpty()) return "";
        return sub + "." + pod.getMetadata().getNamespace() + ".svc." + clusterDomain;
    }

    /** Writes the file (replacing it in one rename, so a running container never reads half of it). */
    public static Path write(Path podDir, String content) {
        try {
            Files.createDirectories(podDir);
            Path file = podDir.resolve("etc-hosts");
            Path tmp = Files.createTempFile(podDir, ".etc-hosts", ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.setAttribute(tmp, "unix:mode", 0644);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new VolumeException("cannot write the pod's hosts file in " + podDir + ": " + e.getMessage(), e);
        }
    }
}
