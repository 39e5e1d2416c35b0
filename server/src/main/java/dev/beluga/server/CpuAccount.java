package dev.beluga.server;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * CPU spent during a benchmark phase, by this JVM (server, clients and jetcd alike: they share the process)
 * and by etcd, read from etcd's own {@code process_cpu_seconds_total}. On a machine whose cores are all busy
 * the rate a phase reaches is its cores divided by the CPU each operation costs, so the phases' CPU per
 * operation explains their ratio where throughput alone cannot.
 *
 * <p>etcd's metrics are read over plain HTTP only (a TLS etcd would need the client certificate here too);
 * without them the etcd part is reported as unknown.
 */
final class CpuAccount {
    /** CPU used so far: the JVM's in nanoseconds (and its JIT compiler threads' when readable), etcd's in seconds when readable. */
    record Reading(long jvmNanos, OptionalLong jitNanos, OptionalDouble etcdSeconds) {}

    /**
     * What a phase cost per operation, in milliseconds of CPU. The JIT compiler's part is shown apart:
     * a phase measured while the JIT still compiles pays for code it will not compile again, which is
     * cost of a young JVM, not of each operation.
     */
    record PerOperation(double jvmMillis, OptionalDouble jitMillis, OptionalDouble etcdMillis) {
        String describe() {
            return String.format("JVM %.3f ms, etcd %s%s", jvmMillis,
                    etcdMillis.isPresent() ? String.format("%.3f ms", etcdMillis.getAsDouble()) : "unknown (no plain-HTTP /metrics)",
                    jitMillis.isPresent() ? String.format("; of the JVM's, JIT compiler threads %.3f ms", jitMillis.getAsDouble()) : "");
        }
    }

    private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(5);

    private final Optional<URI> etcdMetrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(METRICS_TIMEOUT).build();

    private CpuAccount(Optional<URI> etcdMetrics) {
        this.etcdMetrics = etcdMetrics;
    }

    /** The JVM's CPU only (no etcd). */
    static CpuAccount jvmOnly() {
        return new CpuAccount(Optional.empty());
    }

    /** The JVM's CPU and, for the first plain-HTTP endpoint, that etcd's. */
    static CpuAccount withEtcd(List<URI> endpoints) {
        return new CpuAccount(endpoints.stream()
                .filter(e -> "http".equalsIgnoreCase(e.getScheme()))
                .findFirst()
                .map(e -> e.resolve("/metrics")));
    }

    Reading read() {
        long jvm = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
        return new Reading(jvm, JitCompilerCpu.nanos(), etcdMetrics.map(this::etcdCpuSeconds).orElse(OptionalDouble.empty()));
    }

    static PerOperation between(Reading before, Reading after, long operations) {
        long n = Math.max(operations, 1);
        double jvm = (after.jvmNanos() - before.jvmNanos()) / 1e6 / n;
        OptionalDouble etcd = before.etcdSeconds().isPresent() && after.etcdSeconds().isPresent()
                ? OptionalDouble.of((after.etcdSeconds().getAsDouble() - before.etcdSeconds().getAsDouble()) * 1000 / n)
                : OptionalDouble.empty();
        OptionalDouble jit = before.jitNanos().isPresent() && after.jitNanos().isPresent()
                // A compiler thread that ended between the readings takes its ticks with it: never below zero.
                ? OptionalDouble.of(Math.max(0, after.jitNanos().getAsLong() - before.jitNanos().getAsLong()) / 1e6 / n)
                : OptionalDouble.empty();
        return new PerOperation(jvm, jit, etcd);
    }

    private OptionalDouble etcdCpuSeconds(URI metrics) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(METRICS_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? cpuSeconds(r.body()) : OptionalDouble.empty();
        } catch (java.io.IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    /** The {@code process_cpu_seconds_total} sample of a Prometheus text exposition. */
    static OptionalDouble cpuSeconds(String exposition) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith("process_cpu_seconds_total ")) {
                try {
                    return OptionalDouble.of(Double.parseDouble(line.substring("process_cpu_seconds_total ".length()).trim()));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }
}
