package dev.beluga.kubelet.runtime;

/**
 * CRI StatusResponse, reduced to its two conditions.
 *
 * @param message why the runtime or its network is not ready ("" when both are)
 */
public record RuntimeStatus(boolean runtimeReady, boolean networkReady, String message) {
    public static RuntimeStatus ready() {
        return new RuntimeStatus(true, true, "");
    }
}
