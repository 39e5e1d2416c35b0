package dev.beluga.kubelet.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link PodNetworkRules} into the kernel: each chain is (re)written in one iptables-restore
 * transaction per table (--noflush: nothing else is touched; declaring our chain empties it first, so
 * rules never pile up), its jump added once, and IPv4 forwarding switched on. A thin applier.
 *
 * <p>The rules stay when the node stops: its pods keep running under their shims and still need them.
 * {@link #remove} takes them away (tests, uninstalling).
 */
public final class PodNetworkFirewall {
    private static final Logger LOG = LoggerFactory.getLogger(PodNetworkFirewall.class);
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private PodNetworkFirewall() {}

    public static void ensure(List<IptablesChain> chains) throws IOException {
        enableForwarding();
        Map<String, List<IptablesChain>> byTable = new LinkedHashMap<>();
        chains.forEach(c -> byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c));
        for (var table : byTable.entrySet()) {
            StringBuilder input = new StringBuilder("*").append(table.getKey()).append('\n');
            for (IptablesChain chain : table.getValue()) input.append(':').append(chain.name()).append(" - [0:0]\n");
            for (IptablesChain chain : table.getValue()) {
                for (List<String> rule : chain.rules()) input.append("-A ").append(chain.name()).append(' ').append(restoreLine(rule)).append('\n');
                if (!hasJump(chain)) {
                    input.append(chain.first() ? "-I " : "-A ").append(chain.hook()).append(chain.first() ? " 1 " : " ")
                            .append(restoreLine(chain.jump())).append('\n');
                }
            }
            input.append("COMMIT\n");
            HostCommand.check(List.of("iptables-restore", "-w", "5", "--noflush"), input.toString());
        }
    }

    /** The jump to the chain, its rules and the chain itself; what is already gone is skipped. */
    public static void remove(List<IptablesChain> chains) throws IOException {
        for (IptablesChain chain : chains) {
            List<String> delete = new ArrayList<>(List.of("iptables", "-w", "5", "-t", chain.table(), "-D", chain.hook()));
            delete.addAll(chain.jump());
            // A jump added twice (by hand, or by a crash between check and add) goes too.
            for (int i = 0; i < 10 && HostCommand.run(delete).succeeded(); i++) {
                LOG.debug("removed the jump to {} from {}", chain.name(), chain.hook());
            }
            HostCommand.run(List.of("iptables", "-w", "5", "-t", chain.table(), "-F", chain.name()));
            HostCommand.run(List.of("iptables", "-w", "5", "-t", chain.table(), "-X", chain.name()));
        }
    }

    private static boolean hasJump(IptablesChain chain) throws IOException {
        List<String> check = new ArrayList<>(List.of("iptables", "-w", "5", "-t", chain.table(), "-C", chain.hook()));
        check.addAll(chain.jump());
        return HostCommand.run(check).succeeded();
    }

    /** Pods on other nodes are reached through this host: it must forward (the bridge plugin turns it on too, but only for its first pod). */
    private static void enableForwarding() throws IOException {
        if (!Files.readString(IP_FORWARD).strip().equals("1")) {
            Files.writeString(IP_FORWARD, "1\n");
            LOG.info("net.ipv4.ip_forward switched on for the pod network");
        }
    }

    /** iptables-restore reads a rule like a shell line: arguments with spaces are quoted. */
    static String restoreLine(List<String> rule) {
        return String.join(" ", rule.stream().map(a -> a.contains(" ") || a.isEmpty() ? "\"" + a.replace("\"", "\\\"") + "\"" : a).toList());
    }
}
