package dev.beluga.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.beluga.client.events.EventRecorder;
import dev.beluga.kubelet.runtime.ContainerRuntime;
import dev.beluga.kubelet.runtime.ContainerRuntimeException;
import dev.beluga.kubelet.runtime.ExecResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Exec checks and lifecycle hooks against a runtime that answers ExecSync as told. */
class ExecAndHookTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final EventRecorder recorder = new EventRecorder() {
        @Override public void normal(HasMetadata involved, String reason, String message) { events.add(reason + ": " + message); }
        @Override public void warning(HasMetadata involved, String reason, String message) { events.add(reason + ": " + message); }
    };
    private final Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("u1").endMetadata().build();

    /** A runtime whose only working call is ExecSync, answered by {@code exec}. */
    private static ContainerRuntime execOnly(Function<List<String>, ExecResult> exec) {
        return (ContainerRuntime) Proxy.newProxyInstance(ContainerRuntime.class.getClassLoader(), new Class<?>[] {ContainerRuntime.class}, (proxy, m, args) -> {
            if (m.getName().equals("execSync")) {
                @SuppressWarnings("unchecked") List<String> cmd = (List<String>) args[1];
                return exec.apply(cmd);
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    private static ExecResult result(int code, String out, String err) {
        return new ExecResult(code, out.getBytes(StandardCharsets.UTF_8), err.getBytes(StandardCharsets.UTF_8), false);
    }

    private final Container app = new ContainerBuilder().withName("app").build();

    @Test
    void execOutcomes() {
        ProbeRunner runner = new ProbeRunner(execOnly(cmd -> switch (cmd.getFirst()) {
            case "ok" -> result(0, "fine\n", "");
            case "bad" -> result(2, "out ", "err");
            case "slow" -> new ExecResult(-1, new byte[0], new byte[0], true);
            default -> throw new ContainerRuntimeException(ContainerRuntimeException.Code.FAILED_PRECONDITION, "container is not running");
        }));
        assertThat(runner.run(new ProbeBuilder().withNewExec().withCommand("ok").endExec().build(), app, "c", List.of()))
                .isEqualTo(new ProbeOutcome.Success("fine\n"));
        assertThat(runner.run(new ProbeBuilder().withNewExec().withCommand("bad").endExec().build(), app, "c", List.of()))
                .isEqualTo(new ProbeOutcome.Failure("out err"));
        assertThat(runner.run(new ProbeBuilder().withNewExec().withCommand("slow", "10").endExec().build(), app, "c", List.of()))
                .isEqualTo(new ProbeOutcome.Failure("command \"slow 10\" timed out"));
        assertThat(runner.run(new ProbeBuilder().withNewExec().withCommand("gone").endExec().build(), app, "c", List.of()))
                .isEqualTo(new ProbeOutcome.Error("container is not running"));
    }

    @Test
    void aPostStartExecHookThatFailsIsReportedWithUpstreamsMessage() {
        LifecycleHooks hooks = new LifecycleHooks(execOnly(cmd -> result(1, "", "no such file")), recorder, Clock.systemUTC());
        Container c = new ContainerBuilder().withName("app").withNewLifecycle().withNewPostStart().withNewExec().withCommand("/bin/setup", "--now")
                .endExec().endPostStart().endLifecycle().build();
        Optional<String> failed = hooks.postStart(pod, c, "c1", List.of("10.0.0.5"));
        assertThat(failed).contains("Exec lifecycle hook ([/bin/setup --now]) for Container \"app\" in Pod \"web_ns(u1)\" failed - error: "
                + "command '/bin/setup --now' exited with 1: no such file, message: \"no such file\"");
        assertThat(events).containsExactly("FailedPostStartHook: " + failed.get());
    }

    @Test
    void aContainerWithoutHooksRunsNone() {
        LifecycleHooks hooks = new LifecycleHooks(execOnly(cmd -> { throw new AssertionError("no exec expected"); }), recorder, Clock.systemUTC());
        assertThat(hooks.postStart(pod, app, "c1", List.of())).isEmpty();
        assertThat(hooks.preStop(pod, app, "c1", List.of(), Duration.ofSeconds(30))).isEqualTo(Duration.ZERO);
        assertThat(events).isEmpty();
    }

    @Test
    void anHttpHookFailsOnlyWhenNoResponseComesBack() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
        try {
            LifecycleHooks hooks = new LifecycleHooks(execOnly(cmd -> result(0, "", "")), recorder, Clock.systemUTC());
            Container answered = hookTo(server.getAddress().getPort());
            assertThat(hooks.postStart(pod, answered, "c1", List.of("127.0.0.1"))).isEmpty();
            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            Optional<String> failed = hooks.postStart(pod, hookTo(closed), "c1", List.of("127.0.0.1"));
            assertThat(failed).hasValueSatisfying(m -> assertThat(m).startsWith("HTTP lifecycle hook (/start) for Container \"app\" in Pod \"web_ns(u1)\" failed - error: ")
                    .endsWith("connect: connection refused"));
        } finally {
            server.stop(0);
        }
    }

    private static Container hookTo(int port) {
        return new ContainerBuilder().withName("app").withNewLifecycle().withNewPostStart().withNewHttpGet().withPath("/start")
                .withPort(new IntOrString(port)).endHttpGet().endPostStart().endLifecycle().build();
    }
}
