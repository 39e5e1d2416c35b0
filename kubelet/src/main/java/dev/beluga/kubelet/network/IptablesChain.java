package dev.beluga.kubelet.network;

import java.util.List;

/**
 * A chain of our own in one iptables table, and where it hooks in: a jump from a built-in chain,
 * either first (before rules that might drop, such as Docker's FORWARD chains) or last.
 *
 * @param rules each rule's arguments after "-A chain"
 */
public record IptablesChain(String table, String name, String hook, boolean first, List<List<String>> rules) {
    /** Marks our jump rules, so they are found and removed again. */
    public static final String COMMENT = "beluga pod network";

    public IptablesChain {
        // iptables refuses chain names longer than 28 characters.
        if (name.isEmpty() || name.length() > 28) throw new IllegalArgumentException("an iptables chain name has 1 to 28 characters: " + name);
        rules = rules.stream().map(List::copyOf).toList();
    }

    /** The rule in {@link #hook} that jumps to this chain. */
    public List<String> jump() {
        return List.of("-m", "comment", "--comment", COMMENT, "-j", name);
    }
}
