package dev.beluga.kubelet.runtime;

/** CRI VersionResponse. */
public record RuntimeVersion(String runtimeName, String runtimeVersion, String runtimeApiVersion) {
    /** As nodeInfo.containerRuntimeVersion shows it: "containerd://1.6.20". */
    public String nodeInfoForm() {
        return runtimeName + "://" + runtimeVersion;
    }
}
