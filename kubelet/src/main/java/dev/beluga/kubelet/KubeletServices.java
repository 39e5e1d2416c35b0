package dev.beluga.kubelet;

import dev.beluga.client.events.EventRecorder;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What kubelets in one process can share: one timer thread for every kubelet's periodic work (the
 * work itself runs on virtual threads), the clock, and where events go.
 */
public record KubeletServices(ScheduledExecutorService timers, Clock clock, EventRecorder events) {}
