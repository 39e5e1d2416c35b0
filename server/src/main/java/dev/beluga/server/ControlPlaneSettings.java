package dev.beluga.server;

import dev.beluga.client.leader.LeaderTimings;
import dev.beluga.controller.nodelifecycle.NodeLifecycleSettings;
import dev.beluga.controller.podgc.PodGcSettings;

/**
 * How the scheduler and controllers run: leader-election timings (kube-scheduler's and
 * kube-controller-manager's --leader-elect-* flags), node health and pod GC knobs.
 */
record ControlPlaneSettings(LeaderTimings leaderTimings, NodeLifecycleSettings nodeLifecycle, PodGcSettings podGc) {
    static final ControlPlaneSettings DEFAULTS = new ControlPlaneSettings(LeaderTimings.DEFAULT, NodeLifecycleSettings.DEFAULTS, PodGcSettings.DEFAULTS);
}
