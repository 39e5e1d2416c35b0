package dev.beluga.kubelet.probe;

/** A probe's verdict on a container instance as the kubelet acts on it (upstream's results.Result). */
public enum ProbeResult {
    SUCCESS, FAILURE, UNKNOWN
}
