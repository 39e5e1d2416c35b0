package dev.beluga.scheduler.framework;

/** The resource names the scheduler treats specially; any other requested name is a scalar (extended) resource. */
public final class ResourceNames {
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    private ResourceNames() {}

    public static boolean isScalar(String name) {
        return !CPU.equals(name) && !MEMORY.equals(name) && !EPHEMERAL_STORAGE.equals(name) && !PODS.equals(name);
    }
}
