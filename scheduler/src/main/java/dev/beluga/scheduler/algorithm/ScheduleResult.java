package dev.beluga.scheduler.algorithm;

/** The outcome of one scheduling decision. */
public sealed interface ScheduleResult {
    /** @param evaluatedNodes nodes filtered, @param feasibleNodes of those, how many fit */
    record Scheduled(String node, int evaluatedNodes, int feasibleNodes) implements ScheduleResult {}

    /** No node fits; {@code message} is what the pod's condition and event say. */
    record Unschedulable(String message) implements ScheduleResult {
        public static final String NO_NODES = "no nodes available to schedule pods";

        public static Unschedulable of(FitError error) {
            return new Unschedulable(error.message());
        }
    }
}
