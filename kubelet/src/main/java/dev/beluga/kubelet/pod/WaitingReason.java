package dev.beluga.kubelet.pod;

/**
 * Why a container that should run is not running, remembered from the last sync (upstream's
 * reasonCache): CrashLoopBackOff, ErrImagePull, CreateContainerError, RunContainerError, ...
 */
public record WaitingReason(String reason, String message) {}
