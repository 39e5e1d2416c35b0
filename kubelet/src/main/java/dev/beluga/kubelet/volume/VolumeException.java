package dev.beluga.kubelet.volume;

/** A volume cannot be set up; the message is upstream's, shown after "MountVolume.SetUp failed for volume ...". */
public final class VolumeException extends RuntimeException {
    public VolumeException(String message) {
        super(message);
    }

    public VolumeException(String message, Throwable cause) {
        super(message, cause);
    }
}
