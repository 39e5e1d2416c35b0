package dev.beluga.kubelet.sync;

import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.kubelet.pod.BuiltContainer;
import dev.beluga.kubelet.pod.ContainerConfigException;
import dev.beluga.kubelet.pod.ContainerInputs;
import dev.beluga.kubelet.pod.ContainerKind;
import dev.beluga.kubelet.pod.PodRuntimeSettings;
import dev.beluga.kubelet.pod.ReferencedObjects;
import dev.beluga.kubelet.pod.RuntimeConfigs;
import dev.beluga.kubelet.runtime.ImageService;
import dev.beluga.kubelet.runtime.ImageSpec;
import dev.beluga.kubelet.security.ImageUser;
import dev.beluga.kubelet.volume.EtcHosts;
import dev.beluga.kubelet.volume.MountedVolume;
import dev.beluga.kubelet.volume.PodVolumes;
import dev.beluga.kubelet.volume.SafeSubPaths;
import dev.beluga.kubelet.volume.SubPathResolver;
import dev.beluga.kubelet.volume.VolumeException;
import dev.beluga.kubelet.volume.VolumeLayout;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What a pod needs before its containers can be created: the configMaps and secrets it references,
 * read from the API, and its volumes set up on the node (upstream's WaitForAttachAndMount). A volume
 * that cannot be set up is reported as a FailedMount event and retried with upstream's volume
 * back-off (500 ms doubling to about 2 minutes); the pod's containers wait as ContainerCreating.
 */
final class PodPrerequisites {
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(122);
    private static final Path NODE_HOSTS = Path.of("/etc/hosts");

    /** The outcome for one sync. */
    sealed interface Prepared permits Ready, Waiting {}

    /** Containers may be created with these. */
    record Ready(ReferencedObjects objects, Map<String, MountedVolume> volumes) implements Prepared {}

    /** Volumes are missing; try again at {@code retryAt}. */
    record Waiting(Instant retryAt) implements Prepared {}

    private final Client client;
    private final ImageService images;
    private final EventRecorder events;
    private final PodRuntimeSettings settings;
    private final PodVolumes volumes;
    private final SubPathResolver subPaths = new SafeSubPaths();
    private final Clock clock;
    private final Map<String, Duration> retries = new ConcurrentHashMap<>();

    PodPrerequisites(Client client, ImageService images, EventRecorder events, PodRuntimeSettings settings, Clock clock) {
        this.client = client;
        this.images = images;
        this.events = events;
        this.settings = settings;
        this.volumes = new PodVolumes(new VolumeLayout(settings.rootDir()), clock);
        this.clock = clock;
    }

    /**
     * Reads the pod's references and sets up its volumes (refreshing configMap/secret/downwardAPI
     * contents of a running pod too).
     *
     * @param creating containers may be created in this sync (else only volumes are refreshed)
     */
    Prepared prepare(Pod pod, boolean creating) {
        boolean hasVolumes = PodVolumes.hasVolumes(pod);
        ReferencedObjects.Names names = ReferencedObjects.namesOf(pod);
        if (!hasVolumes && (!creating || names.isEmpty())) return new Ready(ReferencedObjects.none(), Map.of());
        ReferencedObjects objects = read(pod.getMetadata().getNamespace(), names);
        if (!hasVolumes) return new Ready(objects, Map.of());
        String uid = pod.getMetadata().getUid();
        PodVolumes.SetUp setUp = volumes.setUp(pod, objects, settings.nodeAllocatable());
        return switch (setUp) {
            case PodVolumes.Ready r -> {
                retries.remove(uid);
                yield new Ready(objects, r.volumes());
            }
            case PodVolumes.Failed f -> {
                for (PodVolumes.Failure failure : f.failures()) events.warning(pod, "FailedMount", failure.eventMessage());
                Duration wait = retries.getOrDefault(uid, FIRST_RETRY);
                retries.put(uid, wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2));
                // Volumes written before stay usable when only their refresh failed (a configMap deleted under a running pod).
                if (f.failures().stream().allMatch(x -> x.written().isPresent())) {
                    Map<String, MountedVolume> all = new HashMap<>(f.ready());
                    f.failures().forEach(x -> all.put(x.volume(), x.written().orElseThrow()));
                    yield new Ready(objects, all);
                }
                yield new Waiting(clock.instant().plus(wait));
            }
        };
    }

    /**
     * The container's config from what {@link #prepare} read and the image's user.
     *
     * @throws dev.beluga.kubelet.pod.ContainerConfigException when the container cannot be configured
     */
    BuiltContainer build(Pod pod, Container c, ContainerKind kind, int restartCount, List<String> podIps, List<String> hostIps, Ready ready) {
        ImageUser user = ImageUser.of(images.imageStatus(ImageSpec.of(c.getImage())));
        ContainerInputs in = new ContainerInputs(user, ready.objects(), ready.volumes(), settings.nodeAllocatable(), settings.memoryCapacity(),
                settings.seccompRoot(), subPaths, etcHosts(pod, podIps));
        BuiltContainer built = RuntimeConfigs.build(pod, c, kind, restartCount, podIps, hostIps, in);
        for (String warning : built.invalidEnvWarnings()) events.warning(pod, "InvalidEnvironmentVariableNames", warning);
        return built;
    }

    /**
     * Upstream's managed hosts file, written when the pod has IPs (upstream's shouldMountHostsFile): the
     * pod's IPs with its hostname, or for a hostNetwork pod the node's /etc/hosts; both with the hostAliases.
     */
    private Optional<Path> etcHosts(Pod pod, List<String> podIps) {
        boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        if (podIps.isEmpty() && !hostNetwork) return Optional.empty();
        List<HostAlias> aliases = pod.getSpec() == null || pod.getSpec().getHostAliases() == null ? List.of() : pod.getSpec().getHostAliases();
        String content;
        if (hostNetwork) {
            try {
                content = EtcHosts.hostNetworkContent(Files.readString(NODE_HOSTS), aliases);
            } catch (IOException e) {
                throw new ContainerConfigException("cannot read the node's " + NODE_HOSTS + ": " + e.getMessage());
            }
        } else {
            content = EtcHosts.content(podIps, RuntimeConfigs.hostname(pod), EtcHosts.domain(pod, settings.clusterDomain()), aliases);
        }
        try {
            return Optional.of(EtcHosts.write(volumes.layout().podDir(pod.getMetadata().getUid()), content));
        } catch (VolumeException e) {
            throw new ContainerConfigException(e.getMessage());
        }
    }

    /** Removes the pod's volumes from the node (after its containers are gone). */
    void tearDown(String uid) {
        retries.remove(uid);
        volumes.tearDown(uid);
    }

    /**
     * Removes the pod directories of uids {@code known} rejects (pods deleted while the kubelet was
     * down). Only on a root dir of this kubelet's own: the process-wide default is shared by every
     * kubelet of the process (hollow nodes), where one kubelet's orphan is another's pod.
     */
    void tearDownOrphans(Predicate<String> known) {
        if (settings.rootDir().equals(PodRuntimeSettings.DEFAULT_ROOT_DIR)) return;
        volumes.tearDownOrphans(known);
    }

    private ReferencedObjects read(String namespace, ReferencedObjects.Names names) {
        Map<String, ConfigMap> configMaps = new HashMap<>();
        Map<String, Secret> secrets = new HashMap<>();
        for (String name : names.configMaps()) {
            Optional<ConfigMap> cm = client.get(Kind.CONFIGMAPS, namespace, name);
            cm.ifPresent(v -> configMaps.put(name, v));
        }
        for (String name : names.secrets()) {
            Optional<Secret> s = client.get(Kind.SECRETS, namespace, name);
            s.ifPresent(v -> secrets.put(name, v));
        }
        return new ReferencedObjects(configMaps, secrets);
    }
}
