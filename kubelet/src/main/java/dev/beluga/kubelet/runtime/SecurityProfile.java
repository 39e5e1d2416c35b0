package dev.beluga.kubelet.runtime;

/**
 * CRI SecurityProfile: the seccomp profile of a sandbox or container.
 *
 * @param localhostRef the profile file's absolute path on the node when the type is LOCALHOST, else ""
 */
public record SecurityProfile(Type type, String localhostRef) {
    public enum Type { RUNTIME_DEFAULT, UNCONFINED, LOCALHOST }

    public SecurityProfile {
        if ((type == Type.LOCALHOST) == localhostRef.isEmpty()) {
            throw new IllegalArgumentException("a Localhost profile and only it names a file: " + type + " " + localhostRef);
        }
    }

    public static SecurityProfile unconfined() {
        return new SecurityProfile(Type.UNCONFINED, "");
    }

    public static SecurityProfile runtimeDefault() {
        return new SecurityProfile(Type.RUNTIME_DEFAULT, "");
    }
}
