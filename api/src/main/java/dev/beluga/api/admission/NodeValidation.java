package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Upstream's ValidateNode and ValidateNodeUpdate (taints, podCIDRs, providerID). */
final class NodeValidation {
    static final String CIDR_MSG = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9a-fA-F:.]+$");

    private NodeValidation() {}

    static void create(Node n, List<FieldError> errs) {
        ObjectMetaValidation.validate(n.getMetadata(), false, NameValidation.NameRule.DNS_SUBDOMAIN, "metadata", errs);
        NodeSpec spec = n.getSpec() == null ? new NodeSpec() : n.getSpec();
        PodSpecValidation.taints(spec.getTaints(), "spec.taints", errs);
        List<String> cidrs = PodSpecDefaults.list(spec.getPodCIDRs());
        if (cidrs.isEmpty() && spec.getPodCIDR() != null && !spec.getPodCIDR().isEmpty()) cidrs = List.of(spec.getPodCIDR());
        int v4 = 0;
        int v6 = 0;
        for (int i = 0; i < cidrs.size(); i++) {
            String c = cidrs.get(i);
            int family = cidrFamily(c);
            if (family == 0) errs.add(FieldError.invalid("spec.podCIDRs[" + i + "]", c, CIDR_MSG));
            if (family == 4) v4++;
            if (family == 6) v6++;
        }
        if (cidrs.size() > 1 && (cidrs.size() > 2 || v4 != 1 || v6 != 1)) {
            errs.add(FieldError.invalid("spec.podCIDRs", GoValue.of("[]string{\"" + String.join("\", \"", cidrs) + "\"}"),
                    "may specify no more than one CIDR for each IP family"));
        }
    }

    static void update(Node n, Node old, List<FieldError> errs) {
        create(n, errs);
        ObjectMetaValidation.validateUpdate(n.getMetadata(), old.getMetadata(), "metadata", errs);
        NodeSpec spec = n.getSpec() == null ? new NodeSpec() : n.getSpec();
        NodeSpec oldSpec = old.getSpec() == null ? new NodeSpec() : old.getSpec();
        List<String> oldCidrs = PodSpecDefaults.list(oldSpec.getPodCIDRs());
        if (!oldCidrs.isEmpty() && !oldCidrs.equals(PodSpecDefaults.list(spec.getPodCIDRs()))) {
            errs.add(FieldError.forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"));
        }
        String oldProvider = oldSpec.getProviderID();
        if (oldProvider != null && !oldProvider.isEmpty() && !Objects.equals(oldProvider, spec.getProviderID())) {
            errs.add(FieldError.forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"));
        }
    }

    static void statusUpdate(Node n, Node old, List<FieldError> errs) {
        update(n, old, errs);
        if (n.getStatus() != null) {
            StatusConditions.validate(PodSpecDefaults.list(n.getStatus().getConditions()).stream().map(c -> c.getStatus()).toList(),
                    "status.conditions", errs);
        }
    }

    /** 4 or 6 for a valid CIDR, 0 otherwise. Parses literals only: no name lookups. */
    static int cidrFamily(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash <= 0 || slash == cidr.length() - 1) return 0;
        String ip = cidr.substring(0, slash);
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
        if (IPV4.matcher(ip).matches()) return bits >= 0 && bits <= 32 && !cidr.substring(slash + 1).startsWith("+") ? 4 : 0;
        if (ip.contains(":") && IPV6_CHARS.matcher(ip).matches()) {
            try {
                InetAddress.getByName(ip);
            } catch (Exception e) {
                return 0;
            }
            return bits >= 0 && bits <= 128 ? 6 : 0;
        }
        return 0;
    }
}
