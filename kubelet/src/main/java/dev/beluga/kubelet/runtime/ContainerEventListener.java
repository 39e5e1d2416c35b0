package dev.beluga.kubelet.runtime;

/** Receives container events; must not block (it runs on the runtime's thread). */
@FunctionalInterface
public interface ContainerEventListener {
    void onEvent(ContainerEvent event);
}
