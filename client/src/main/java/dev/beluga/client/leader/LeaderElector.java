package dev.beluga.client.leader;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a coordination.k8s.io Lease, as upstream's leaderelection package does it. A
 * candidate takes the lease when it is free or its holder has not renewed it for a lease duration —
 * measured on the candidate's own clock from when it last saw the lease change, so clock skew between
 * machines does not matter. The leader renews every retry period and steps down when it cannot renew
 * within the renew deadline; writes carry the lease's resourceVersion, so two candidates never both win.
 */
public final class LeaderElector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderElector.class);

    private final Client client;
    private final String namespace;
    private final String name;
    private final String identity;
    private final LeaderTimings timings;
    private final LeaderCallbacks callbacks;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean leading;
    private volatile boolean closed;

    /** The lease as last seen and when (local monotonic time) it last changed. */
    private String observedRecord = "";
    private long observedAtNanos;

    private LeaderElector(Client client, String namespace, String name, String identity, LeaderTimings timings, LeaderCallbacks callbacks, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
        this.timings = timings;
        this.callbacks = callbacks;
        this.clock = clock;
        this.thread = Thread.ofVirtual().name("leader-" + name).unstarted(this::run);
    }

    public static LeaderElector start(Client client, String namespace, String name, String identity, LeaderTimings timings, LeaderCallbacks callbacks) {
        LeaderElector elector = new LeaderElector(client, namespace, name, identity, timings, callbacks, Clock.systemUTC());
        elector.thread.start();
        return elector;
    }

    public boolean isLeader() {
        return leading;
    }

    public String identity() {
        return identity;
    }

    private void run() {
        long lastRenewNanos = 0;
        while (!closed) {
            boolean held = tryAcquireOrRenew();
            long now = System.nanoTime();
            if (held) {
                lastRenewNanos = now;
                if (!leading) {
                    leading = true;
                    log.info("{} became leader of {}/{}", identity, namespace, name);
                    safely(callbacks::startedLeading);
                }
            } else if (leading && now - lastRenewNanos > timings.renewDeadline().toNanos()) {
                leading = false;
                log.warn("{} lost the lease {}/{}", identity, namespace, name);
                safely(callbacks::stoppedLeading);
            }
            try {
                Thread.sleep(timings.retryPeriod());
            } catch (InterruptedException e) {
                break;
            }
        }
        if (leading) {
            leading = false;
            safely(callbacks::stoppedLeading);
            release();
        }
    }

    private boolean tryAcquireOrRenew() {
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        try {
            Optional<Lease> current = client.get(Kind.LEASES, namespace, name);
            if (current.isEmpty()) {
                client.create(Kind.LEASES, new LeaseBuilder()
                        .withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build())
                        .withNewSpec().withHolderIdentity(identity).withLeaseDurationSeconds(seconds())
                        .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec()
                        .build());
                observe("created by " + identity);
                return true;
            }
            Lease lease = current.get();
            LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
            String record = spec.getHolderIdentity() + "|" + spec.getRenewTime() + "|" + spec.getLeaseDurationSeconds();
            if (!record.equals(observedRecord)) observe(record);
            String holder = Objects.requireNonNullElse(spec.getHolderIdentity(), "");
            boolean ours = holder.equals(identity);
            int duration = spec.getLeaseDurationSeconds() == null ? seconds() : spec.getLeaseDurationSeconds();
            boolean expired = System.nanoTime() - observedAtNanos > duration * 1_000_000_000L;
            if (!ours && !holder.isEmpty() && !expired) return false;
            int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
            Lease updated = new LeaseBuilder(lease).editSpec()
                    .withHolderIdentity(identity).withLeaseDurationSeconds(seconds()).withRenewTime(now)
                    .withAcquireTime(ours ? spec.getAcquireTime() : now)
                    .withLeaseTransitions(ours ? transitions : transitions + 1)
                    .endSpec().build();
            Lease written = client.update(Kind.LEASES, updated);
            observe(identity + "|" + written.getSpec().getRenewTime() + "|" + written.getSpec().getLeaseDurationSeconds());
            return true;
        } catch (StatusException e) {
            if (e.code() != 409 && e.code() != 404) log.debug("lease {}/{}: {}", namespace, name, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            log.warn("lease {}/{}", namespace, name, e);
            return false;
        }
    }

    private void observe(String record) {
        observedRecord = record;
        observedAtNanos = System.nanoTime();
    }

    private int seconds() {
        return (int) Math.max(1, timings.leaseDuration().toSeconds());
    }

    /** Upstream's ReleaseOnCancel: an empty holder lets the next candidate take over at once. */
    private void release() {
        try {
            client.get(Kind.LEASES, namespace, name).ifPresent(lease -> {
                if (lease.getSpec() != null && identity.equals(lease.getSpec().getHolderIdentity())) {
                    client.update(Kind.LEASES, new LeaseBuilder(lease).editSpec().withHolderIdentity(null).withLeaseDurationSeconds(1).endSpec().build());
                }
            });
        } catch (RuntimeException e) {
            log.debug("releasing lease {}/{}: {}", namespace, name, e.getMessage());
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("leader callback for {}/{} failed", namespace, name, e);
        }
    }

    /** Steps down (stoppedLeading runs if leading) and releases the lease; returns when done. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
