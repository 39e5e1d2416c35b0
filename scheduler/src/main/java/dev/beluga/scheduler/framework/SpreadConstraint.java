package dev.beluga.scheduler.framework;

import dev.beluga.api.selection.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.Map;

/**
 * A parsed hard topology spread constraint (whenUnsatisfiable: DoNotSchedule), as upstream's
 * PodTopologySpread reads it: the selector with matchLabelKeys merged in (key In (the pod's value)),
 * minDomains defaulted to 1, and which nodes count (nodeAffinityPolicy Honor and nodeTaintsPolicy
 * Ignore by default).
 */
public record SpreadConstraint(int maxSkew, String topologyKey, LabelSelector selector, int minDomains,
                               boolean honorNodeAffinity, boolean honorTaints) {

    /** Empty-handed for ScheduleAnyway constraints: those only score, which is not done here. */
    public static java.util.Optional<SpreadConstraint> parseHard(TopologySpreadConstraint c, Map<String, String> podLabels) {
        if (!"DoNotSchedule".equals(c.getWhenUnsatisfiable())) return java.util.Optional.empty();
        io.fabric8.kubernetes.api.model.LabelSelector model = c.getLabelSelector();
        if (c.getMatchLabelKeys() != null && !c.getMatchLabelKeys().isEmpty()) {
            var merged = model == null ? new io.fabric8.kubernetes.api.model.LabelSelector()
                    : new io.fabric8.kubernetes.api.model.LabelSelectorBuilder(model).build();
            var expressions = new ArrayList<>(merged.getMatchExpressions() == null ? java.util.List.of() : merged.getMatchExpressions());
            for (String key : c.getMatchLabelKeys()) {
                String value = podLabels.get(key);
                if (value != null) expressions.add(new LabelSelectorRequirementBuilder().withKey(key).withOperator("In").withValues(value).build());
            }
            merged.setMatchExpressions(expressions);
            model = merged;
        }
        return java.util.Optional.of(new SpreadConstraint(
                c.getMaxSkew() == null ? 1 : c.getMaxSkew(),
                c.getTopologyKey() == null ? "" : c.getTopologyKey(),
                LabelSelector.fromModel(java.util.Optional.ofNullable(model)),
                c.getMinDomains() == null ? 1 : c.getMinDomains(),
                !"Ignore".equals(c.getNodeAffinityPolicy()),
                "Honor".equals(c.getNodeTaintsPolicy())));
    }
}
