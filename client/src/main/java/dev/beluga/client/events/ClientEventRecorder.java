package dev.beluga.client.events;

import dev.beluga.api.errors.StatusException;
import dev.beluga.client.Client;
import dev.beluga.client.Kind;
import dev.beluga.client.Patch;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events through the Client, off the caller's thread, several at a time. Like upstream's event correlator,
 * an event repeating (same object, type, reason and message) bumps the count and lastTimestamp of the
 * one already written instead of adding another. Events are best effort: when the backlog is full or
 * the API refuses, the event is dropped and logged, never retried at the caller's expense.
 */
public final class ClientEventRecorder implements EventRecorder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientEventRecorder.class);
    private static final int BACKLOG = 10_000;
    private static final int REMEMBERED = 4096;
    /** Writes in flight at once: one at a time could not keep up with a scheduler binding thousands of pods a second. */
    private static final int WRITERS = 8;

    private record Pending(HasMetadata involved, String type, String reason, String message, Instant at) {}
    private record Written(String namespace, String name, int count) {}

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Client client;
    private final String component;
    private final String host;
    private final Clock clock;
    /** One backlog per writer; an event goes to the writer its aggregation key hashes to, so repeats stay in order. */
    private final List<BlockingQueue<Pending>> backlogs = new ArrayList<>();
    private final Map<String, Written> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final List<Thread> writers = new ArrayList<>();

    public ClientEventRecorder(Client client, String component, String host) {
        this(client, component, host, Clock.systemUTC());
    }

    public ClientEventRecorder(Client client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
        for (int i = 0; i < WRITERS; i++) {
            BlockingQueue<Pending> backlog = new ArrayBlockingQueue<>(BACKLOG / WRITERS);
            backlogs.add(backlog);
            writers.add(Thread.ofVirtual().name("events-" + component + "-" + i).start(() -> drain(backlog)));
        }
    }

    @Override
    public void normal(HasMetadata involved, String reason, String message) {
        record(involved, "Normal", reason, message);
    }

    @Override
    public void warning(HasMetadata involved, String reason, String message) {
        record(involved, "Warning", reason, message);
    }

    private void record(HasMetadata involved, String type, String reason, String message) {
        Pending pending = new Pending(involved, type, reason, message, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        BlockingQueue<Pending> backlog = backlogs.get(Math.floorMod(keyOf(pending).hashCode(), WRITERS));
        if (!backlog.offer(pending)) {
            log.debug("event backlog full, dropping {} {} for {}", type, reason, involved.getMetadata().getName());
        }
    }

    private static String keyOf(Pending p) {
        HasMetadata o = p.involved();
        String uid = o.getMetadata().getUid() == null ? "" : o.getMetadata().getUid();
        return uid + "\0" + o.getMetadata().getName() + "\0" + p.type() + "\0" + p.reason() + "\0" + p.message();
    }

    private void drain(BlockingQueue<Pending> backlog) {
        while (true) {
            Pending p;
            try {
                p = backlog.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                write(p);
            } catch (StatusException e) {
                log.debug("event {} for {} not written: {}", p.reason(), p.involved().getMetadata().getName(), e.getMessage());
            } catch (RuntimeException e) {
                log.warn("event {} for {} not written", p.reason(), p.involved().getMetadata().getName(), e);
            }
        }
    }

    private void write(Pending p) {
        HasMetadata o = p.involved();
        String key = keyOf(p);
        Written seen;
        synchronized (recent) {
            seen = recent.get(key);
        }
        if (seen != null) {
            int count = seen.count() + 1;
            try {
                client.patch(Kind.EVENTS, seen.namespace(), seen.name(),
                        Patch.merge("{\"count\":" + count + ",\"lastTimestamp\":\"" + p.at() + "\"}"));
                synchronized (recent) {
                    recent.put(key, new Written(seen.namespace(), seen.name(), count));
                }
                return;
            } catch (StatusException e) {
                if (e.code() != 404) throw e;
                synchronized (recent) {
                    recent.remove(key);
                }
            }
        }
        String ns = o.getMetadata().getNamespace() == null || o.getMetadata().getNamespace().isEmpty() ? "default" : o.getMetadata().getNamespace();
        // Upstream names events <object>.<hex nanoseconds>; the counter keeps names unique across parallel writers.
        String name = o.getMetadata().getName() + "." + Long.toHexString(System.currentTimeMillis() * 1_000_000L + SEQUENCE.incrementAndGet() % 1_000_000L);
        Event event = new EventBuilder()
                .withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(o.getApiVersion()).withKind(o.getKind())
                        .withNamespace(o.getMetadata().getNamespace()).withName(o.getMetadata().getName())
                        .withUid(o.getMetadata().getUid()).withResourceVersion(o.getMetadata().getResourceVersion())
                        .build())
                .withType(p.type()).withReason(p.reason()).withMessage(p.message())
                .withNewSource().withComponent(component).withHost(host.isEmpty() ? null : host).endSource()
                .withReportingComponent(component).withReportingInstance(host.isEmpty() ? component : host)
                .withFirstTimestamp(p.at().toString()).withLastTimestamp(p.at().toString()).withCount(1)
                .build();
        client.create(Kind.EVENTS, event);
        synchronized (recent) {
            recent.put(key, new Written(ns, name, 1));
        }
    }

    @Override
    public void close() {
        writers.forEach(Thread::interrupt);
    }
}
