package dev.beluga.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** Upstream's getPhase: the pod phase from its container statuses and restart policy. */
final class PodPhases {
    private PodPhases() {}

    static String phase(Pod pod, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses, boolean podIsTerminal) {
        int pendingInitialization = 0;
        int failedInitialization = 0;
        for (Container c : PodSpecs.initContainers(pod)) {
            if (ContainerKind.isRestartableInit(c)) continue;
            Optional<ContainerStatus> found = find(initStatuses, c.getName());
            if (found.isEmpty()) {
                pendingInitialization++;
                continue;
            }
            ContainerState st = found.get().getState();
            if (st != null && st.getRunning() != null) {
                pendingInitialization++;
            } else if (st != null && st.getTerminated() != null) {
                if (exitCode(st) != 0) failedInitialization++;
            } else if (st != null && st.getWaiting() != null) {
                ContainerState last = found.get().getLastState();
                if (last != null && last.getTerminated() != null) {
                    if (exitCode(last) != 0) failedInitialization++;
                } else {
                    pendingInitialization++;
                }
            } else {
                pendingInitialization++;
            }
        }

        int unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
        for (Container c : PodSpecs.initContainers(pod)) {
            if (!ContainerKind.isRestartableInit(c)) continue;
            Optional<ContainerStatus> found = find(initStatuses, c.getName());
            if (found.isEmpty()) {
                unknown++;
                continue;
            }
            ContainerState st = found.get().getState();
            if (st != null && st.getRunning() != null) {
                if (!Boolean.TRUE.equals(found.get().getStarted())) pendingInitialization++;
                running++;
            } else if (st != null && st.getTerminated() != null) {
                // A stopped sidecar does not count for the phase.
            } else if (st != null && st.getWaiting() != null) {
                ContainerState last = found.get().getLastState();
                if (last == null || last.getTerminated() == null) {
                    pendingInitialization++;
                    waiting++;
                }
            } else {
                pendingInitialization++;
                unknown++;
            }
        }

        for (Container c : PodSpecs.containers(pod)) {
            Optional<ContainerStatus> found = find(statuses, c.getName());
            if (found.isEmpty()) {
                unknown++;
                continue;
            }
            ContainerState st = found.get().getState();
            if (st != null && st.getRunning() != null) {
                running++;
            } else if (st != null && st.getTerminated() != null) {
                stopped++;
                if (exitCode(st) == 0) succeeded++;
            } else if (st != null && st.getWaiting() != null) {
                ContainerState last = found.get().getLastState();
                if (last != null && last.getTerminated() != null) stopped++;
                else waiting++;
            } else {
                unknown++;
            }
        }

        String policy = PodSpecs.restartPolicy(pod);
        if (failedInitialization > 0 && "Never".equals(policy)) return "Failed";
        if ((pendingInitialization > 0 && !anyRegularContainerStarted(pod, statuses)) || waiting > 0) return "Pending";
        if (running > 0 && unknown == 0) return "Running";
        if (running == 0 && stopped > 0 && unknown == 0) {
            if (podIsTerminal) return stopped == succeeded ? "Succeeded" : "Failed";
            if ("Always".equals(policy)) return "Running";
            if (stopped == succeeded) return "Succeeded";
            if ("Never".equals(policy)) return "Failed";
            return "Running";
        }
        return "Pending";
    }

    /** Upstream's HasAnyRegularContainerStarted: some regular container runs or ran. */
    static boolean anyRegularContainerStarted(Pod pod, List<ContainerStatus> statuses) {
        for (Container c : PodSpecs.containers(pod)) {
            Optional<ContainerStatus> s = find(statuses, c.getName());
            if (s.isEmpty() || s.get().getState() == null) continue;
            if (s.get().getState().getRunning() != null || s.get().getState().getTerminated() != null) return true;
            ContainerState last = s.get().getLastState();
            if (last != null && (last.getRunning() != null || last.getTerminated() != null)) return true;
        }
        return false;
    }

    static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
        for (ContainerStatus s : statuses) if (name.equals(s.getName())) return Optional.of(s);
        return Optional.empty();
    }

    private static int exitCode(ContainerState s) {
        Integer code = s.getTerminated().getExitCode();
        return code == null ? 0 : code;
    }
}
