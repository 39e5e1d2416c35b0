package dev.beluga.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodNetworkRulesTest {
    @Test
    void podToPodTrafficInTheClusterReturnsBeforeTheMasqueradeAndForwardAcceptsThePods() {
        List<IptablesChain> chains = PodNetworkRules.chains(Ipv4Cidr.parse("10.93.1.0/24"), Ipv4Cidr.parse("10.93.0.0/16"));
        assertThat(chains).extracting(IptablesChain::table, IptablesChain::name, IptablesChain::hook, IptablesChain::first)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("nat", "BLG-MASQ-10-93-1-0-24", "POSTROUTING", false),
                        org.assertj.core.groups.Tuple.tuple("filter", "BLG-FWD-10-93-1-0-24", "FORWARD", true));
        List<List<String>> nat = chains.get(0).rules();
        assertThat(nat).hasSize(2);
        assertThat(nat.get(0)).containsSubsequence("-s", "10.93.1.0/24", "-d", "10.93.0.0/16").endsWith("-j", "RETURN");
        assertThat(nat.get(1)).containsSubsequence("-s", "10.93.1.0/24", "!", "-d", "224.0.0.0/4").endsWith("-j", "MASQUERADE");
        assertThat(chains.get(1).rules()).containsExactly(
                List.of("-s", "10.93.1.0/24", "-m", "comment", "--comment", "from this node's pods", "-j", "ACCEPT"),
                List.of("-d", "10.93.1.0/24", "-m", "comment", "--comment", "to this node's pods", "-j", "ACCEPT"));
        assertThat(chains.get(0).jump()).containsExactly("-m", "comment", "--comment", IptablesChain.COMMENT, "-j", "BLG-MASQ-10-93-1-0-24");
    }

    @Test
    void aPodCidrOutsideTheClusterCidrStillKeepsItsOwnTrafficUnmasqueraded() {
        List<List<String>> nat = PodNetworkRules.chains(Ipv4Cidr.parse("10.92.6.0/25"), Ipv4Cidr.parse("10.88.0.0/16")).get(0).rules();
        assertThat(nat).hasSize(3);
        assertThat(nat.get(1)).containsSubsequence("-s", "10.92.6.0/25", "-d", "10.92.6.0/25").endsWith("-j", "RETURN");
    }

    @Test
    void theLongestPodCidrStillGivesValidChainNames() {
        assertThat(PodNetworkRules.chains(Ipv4Cidr.parse("255.255.255.255/32"), Ipv4Cidr.parse("0.0.0.0/0")))
                .allSatisfy(c -> assertThat(c.name().length()).isLessThanOrEqualTo(28));
    }

    @Test
    void restoreLinesQuoteArgumentsWithSpaces() {
        assertThat(PodNetworkFirewall.restoreLine(List.of("-m", "comment", "--comment", "pod to pod: no NAT", "-j", "RETURN")))
                .isEqualTo("-m comment --comment \"pod to pod: no NAT\" -j RETURN");
    }
}
