package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a pod's spec asks of its containers, on real containers with the real kubectl: command, args,
 * env (literal, fieldRef, resourceFieldRef, configMapKeyRef), workingDir, hostname and subdomain, DNS
 * config, restartPolicy OnFailure; every volume type; pod and container securityContext (users,
 * groups, fsGroup, capabilities, privileged, read-only root, no-new-privileges, seccomp of each
 * type, runAsNonRoot refused for a root image); resources in the container's cgroup, OOMKilled and
 * qosClass; probes of each kind, lifecycle hooks and graceful termination; the pod's conditions and
 * status fields; logs --since; exec -it on a terminal.
 *
 * <p>Every pod is created at once in {@link #start()} so they start side by side; each test then
 * waits for and checks its own pod (bounded polls, never timed assertions).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerPodsSpecTest {
    private static final String NS = "spec";
    /** A seccomp profile that refuses mkdir, so a Localhost profile shows it is the one applied. */
    private static final String NO_MKDIR_PROFILE = """
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}
            """;

    private LocalNodeCluster cluster;
    private Path hostDir;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalNodeCluster.start("10.92.5.0/24");
        hostDir = cluster.dataDir().resolve("host-share");
        Files.createDirectories(hostDir);
        Files.writeString(hostDir.resolve("from-host"), "written-on-the-host\n");
        // Localhost profiles live under the kubelet's root dir, <data-dir>/kubelet/seccomp (upstream: /var/lib/kubelet/seccomp).
        Path profile = cluster.dataDir().resolve("kubelet/seccomp/beluga-e2e/no-mkdir.json");
        Files.createDirectories(profile.getParent());
        Files.writeString(profile, NO_MKDIR_PROFILE);
        cluster.ok(null, "create", "namespace", NS);
        cluster.apply(NS, objects(hostDir));
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private static String objects(Path hostDir) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {greeting: hello-from-configmap, mode: fast}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                stringData: {password: s3cr3t}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: volumes, labels: {app: volumes, tier: e2e}}
                spec:
                  terminationGracePeriodSeconds: 1
                  volumes:
                  - {name: cm, configMap: {name: settings}}
                  - {name: sec, secret: {secretName: creds, defaultMode: 0400}}
                  - name: info
                    downwardAPI:
                      items:
                      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
                      - {path: name, fieldRef: {fieldPath: metadata.name}}
                      - {path: cpu-limit, resourceFieldRef: {containerName: main, resource: limits.cpu, divisor: 1m}}
                  - name: all
                    projected:
                      sources:
                      - configMap: {name: settings, items: [{key: greeting, path: cm-greeting}]}
                      - secret: {name: creds, items: [{key: password, path: sec-password}]}
                      - downwardAPI: {items: [{path: ns, fieldRef: {fieldPath: metadata.namespace}}]}
                  - {name: host, hostPath: {path: HOSTDIR, type: Directory}}
                  - {name: mem, emptyDir: {medium: Memory, sizeLimit: 16Mi}}
                  - {name: disk, emptyDir: {sizeLimit: 32Mi}}
                  containers:
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'echo written-by-main > /scratch/shared; echo from-the-pod > /host/from-pod; exec sleep 3600']
                    resources: {limits: {cpu: 250m, memory: 64Mi}}
                    volumeMounts:
                    - {name: cm, mountPath: /etc/cm}
                    - {name: sec, mountPath: /etc/sec}
                    - {name: info, mountPath: /etc/info}
                    - {name: all, mountPath: /etc/all}
                    - {name: host, mountPath: /host}
                    - {name: mem, mountPath: /mem}
                    - {name: disk, mountPath: /scratch}
                  - name: other
                    image: busybox:1.35
                    command: [sleep, '3600']
                    volumeMounts:
                    - {name: disk, mountPath: /other-scratch}
                    - {name: cm, mountPath: /cm, readOnly: true}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: secure}
                spec:
                  terminationGracePeriodSeconds: 1
                  securityContext:
                    runAsUser: 1000
                    runAsGroup: 3000
                    fsGroup: 2000
                    supplementalGroups: [4000]
                    runAsNonRoot: true
                    seccompProfile: {type: RuntimeDefault}
                  volumes: [{name: data, emptyDir: {}}]
                  containers:
                  - name: locked
                    image: busybox:1.35
                    command: [sleep, '3600']
                    volumeMounts: [{name: data, mountPath: /data}]
                    securityContext:
                      readOnlyRootFilesystem: true
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
                  - name: loose
                    image: busybox:1.35
                    command: [sleep, '3600']
                    securityContext: {runAsUser: 0, runAsNonRoot: false, privileged: true, seccompProfile: {type: Unconfined}}
                  - name: custom
                    image: busybox:1.35
                    command: [sleep, '3600']
                    securityContext: {runAsGroup: 5000, seccompProfile: {type: Localhost, localhostProfile: beluga-e2e/no-mkdir.json}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: rootless}
                spec:
                  terminationGracePeriodSeconds: 1
                  securityContext: {runAsNonRoot: true}
                  containers:
                  - {name: main, image: busybox:1.35, command: [sleep, '3600']}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: hungry}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: busybox:1.35
                    # The shell doubles a string in its own memory (user-space faults, so the kernel's OOM killer acts),
                    # after 2 s: containerd's shim watches for OOM only once the task started, so an OOM in the first
                    # milliseconds would read as a plain exit 137 (reason Error), as it does under upstream's kubelet.
                    command: [sh, -c, 'sleep 2; echo filling; a=x; while true; do a="$a$a"; done']
                    resources: {requests: {cpu: 100m, memory: 32Mi}, limits: {cpu: 100m, memory: 32Mi}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: envy}
                spec:
                  hostname: myhost
                  subdomain: mysub
                  restartPolicy: OnFailure
                  dnsPolicy: None
                  dnsConfig:
                    nameservers: [10.92.5.250]
                    searches: [e2e.example]
                    options: [{name: ndots, value: '2'}]
                  volumes: [{name: state, emptyDir: {}}]
                  containers:
                  - name: main
                    image: busybox:1.35
                    workingDir: /state
                    command: [sh, -c]
                    args:
                    - |
                      echo "cwd=$(pwd)"
                      echo "greeting=$GREETING from-cm=$FROM_CM"
                      echo "pod=$POD_NAME ns=$POD_NS node=$NODE ip=$POD_IP hostip=$HOST_IP"
                      echo "mem=$MEM_LIMIT"
                      echo "host=$(hostname)"
                      cat /etc/resolv.conf /etc/hosts
                      if [ -f attempted ]; then echo second-run; exit 0; fi
                      touch attempted; echo first-run; exit 1
                    env:
                    - {name: GREETING, value: hi}
                    - {name: FROM_CM, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}
                    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: POD_NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                    - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
                    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                    - {name: HOST_IP, valueFrom: {fieldRef: {fieldPath: status.hostIP}}}
                    - {name: MEM_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
                    resources: {limits: {memory: 48Mi}}
                    volumeMounts: [{name: state, mountPath: /state}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: probed}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: web
                    image: busybox:1.35
                    command: [sh, -c, 'mkdir -p /www && echo up > /www/healthz && sleep 2 && touch /tmp/started && exec httpd -f -p 8080 -h /www']
                    startupProbe: {exec: {command: [cat, /tmp/started]}, periodSeconds: 1, failureThreshold: 60}
                    readinessProbe: {httpGet: {path: /ready.html, port: 8080}, periodSeconds: 1}
                    livenessProbe: {tcpSocket: {port: 8080}, periodSeconds: 2}
                  - name: doomed
                    image: busybox:1.35
                    command: [sleep, '3600']
                    livenessProbe: {exec: {command: [cat, /tmp/alive]}, periodSeconds: 2, failureThreshold: 1}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: hooked}
                spec:
                  terminationGracePeriodSeconds: 30
                  volumes: [{name: host, hostPath: {path: HOSTDIR/hooks, type: DirectoryOrCreate}}]
                  containers:
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'trap "echo got-sigterm >> /host/log; exit 0" TERM; echo started >> /host/log; while true; do sleep 1; done']
                    volumeMounts: [{name: host, mountPath: /host}]
                    lifecycle:
                      postStart: {exec: {command: [sh, -c, 'echo post-start-ran > /host/post-start']}}
                      preStop: {exec: {command: [sh, -c, 'echo pre-stop-ran >> /host/log']}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: limited}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: busybox:1.35
                    command: [sleep, '3600']
                    resources: {requests: {cpu: 100m, memory: 16Mi}, limits: {cpu: 250m, memory: 64Mi}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: clock}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: busybox:1.35
                    command: [sh, -c, 'while true; do date +%s; sleep 1; done']
                """.replace("HOSTDIR", hostDir.toString());
    }

    private String exec(String pod, String container, String... command) throws Exception {
        String[] args = new String[7 + command.length];
        System.arraycopy(new String[] {"-n", NS, "exec", pod, "-c", container, "--"}, 0, args, 0, 7);
        System.arraycopy(command, 0, args, 7, command.length);
        return cluster.ok(null, args).out();
    }

    private LocalNodeCluster.Run tryExec(String pod, String container, String... command) throws Exception {
        String[] args = new String[7 + command.length];
        System.arraycopy(new String[] {"-n", NS, "exec", pod, "-c", container, "--"}, 0, args, 0, 7);
        System.arraycopy(command, 0, args, 7, command.length);
        return cluster.kubectl(null, args);
    }

    private String get(String pod, String jsonpath) throws Exception {
        return cluster.jsonpath(NS, "pod/" + pod, jsonpath);
    }

    @Test
    void everyVolumeTypeIsMountedIntoTheContainersThatNameItAndGoesWithThePod() throws Exception {
        cluster.awaitReady(NS, "volumes");
        assertThat(exec("volumes", "main", "cat", "/etc/cm/greeting")).isEqualTo("hello-from-configmap");
        assertThat(exec("volumes", "main", "cat", "/etc/sec/password")).isEqualTo("s3cr3t");
        assertThat(exec("volumes", "main", "stat", "-L", "-c", "%a", "/etc/sec/password").strip()).as("secret defaultMode 0400").isEqualTo("400");
        assertThat(exec("volumes", "main", "cat", "/etc/info/labels")).contains("app=\"volumes\"").contains("tier=\"e2e\"");
        assertThat(exec("volumes", "main", "cat", "/etc/info/name")).isEqualTo("volumes");
        assertThat(exec("volumes", "main", "cat", "/etc/info/cpu-limit")).isEqualTo("250");
        assertThat(exec("volumes", "main", "cat", "/etc/all/cm-greeting")).isEqualTo("hello-from-configmap");
        assertThat(exec("volumes", "main", "cat", "/etc/all/sec-password")).isEqualTo("s3cr3t");
        assertThat(exec("volumes", "main", "cat", "/etc/all/ns")).isEqualTo(NS);
        // hostPath both ways.
        assertThat(exec("volumes", "main", "cat", "/host/from-host")).isEqualTo("written-on-the-host\n");
        assertThat(Files.readString(hostDir.resolve("from-pod"))).isEqualTo("from-the-pod\n");
        // medium Memory is a tmpfs of sizeLimit; the disk emptyDir is shared by both containers.
        String memMount = exec("volumes", "main", "grep", " /mem ", "/proc/mounts");
        assertThat(memMount).startsWith("tmpfs /mem tmpfs ").contains("size=16384k");
        assertThat(exec("volumes", "main", "grep", " /scratch ", "/proc/mounts")).doesNotStartWith("tmpfs");
        assertThat(exec("volumes", "other", "cat", "/other-scratch/shared")).isEqualTo("written-by-main\n");
        assertThat(exec("volumes", "other", "cat", "/cm/mode")).isEqualTo("fast");
        assertThat(tryExec("volumes", "other", "touch", "/cm/new").out()).contains("Read-only file system");
        assertThat(tryExec("volumes", "other", "ls", "/etc/sec").code()).as("a volume not named by 'other' is not in it").isNotZero();

        // Removed with the pod: its directory under the kubelet's root and the tmpfs mount.
        String uid = get("volumes", "{.metadata.uid}");
        Path podDir = cluster.dataDir().resolve("kubelet/pods").resolve(uid);
        assertThat(podDir).isDirectory();
        cluster.ok(null, "-n", NS, "delete", "pod", "volumes", "--timeout=60s");
        awaitTrue("the pod directory " + podDir + " and its tmpfs gone",
                () -> !Files.exists(podDir) && Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().noneMatch(l -> l.contains(uid)));
        assertThat(Files.readString(hostDir.resolve("from-host"))).as("hostPath content outlives the pod").isEqualTo("written-on-the-host\n");
    }

    @Test
    void securityContextSetsUsersGroupsCapabilitiesRootFsAndSeccomp() throws Exception {
        cluster.awaitReady(NS, "secure");
        String id = exec("secure", "locked", "id");
        assertThat(id).contains("uid=1000").contains("gid=3000").contains("2000").contains("4000");
        assertThat(tryExec("secure", "locked", "touch", "/in-root").out()).contains("Read-only file system");
        // fsGroup owns the emptyDir, and new files inherit the group (setgid directory).
        assertThat(exec("secure", "locked", "stat", "-c", "%g", "/data").strip()).isEqualTo("2000");
        assertThat(exec("secure", "locked", "sh", "-c", "touch /data/f && stat -c %g /data/f").strip()).isEqualTo("2000");
        String locked = exec("secure", "locked", "cat", "/proc/self/status");
        assertThat(statusField(locked, "NoNewPrivs")).isEqualTo("1");
        assertThat(statusField(locked, "Seccomp")).as("RuntimeDefault is a filter").isEqualTo("2");
        assertThat(Long.parseUnsignedLong(statusField(locked, "CapBnd"), 16)).as("drop ALL, add NET_BIND_SERVICE (bit 10)").isEqualTo(1L << 10);

        String loose = exec("secure", "loose", "cat", "/proc/self/status");
        assertThat(exec("secure", "loose", "id", "-u").strip()).isEqualTo("0");
        assertThat(statusField(loose, "Seccomp")).as("Unconfined").isEqualTo("0");
        assertThat(Long.parseUnsignedLong(statusField(loose, "CapEff"), 16) & (1L << 21)).as("privileged has CAP_SYS_ADMIN").isNotZero();
        assertThat(statusField(loose, "NoNewPrivs")).isEqualTo("0");

        assertThat(exec("secure", "custom", "id").strip()).as("the container's runAsGroup over the pod's").startsWith("uid=1000 gid=5000");
        String custom = exec("secure", "custom", "cat", "/proc/self/status");
        assertThat(statusField(custom, "Seccomp")).isEqualTo("2");
        assertThat(tryExec("secure", "custom", "mkdir", "/tmp/refused").out()).as("the Localhost profile refuses mkdir").contains("Operation not permitted");
        assertThat(get("secure", "{.status.qosClass}")).isEqualTo("BestEffort");
    }

    private static String statusField(String procStatus, String field) {
        return procStatus.lines().filter(l -> l.startsWith(field + ":")).map(l -> l.substring(field.length() + 1).strip()).findFirst()
                .orElseThrow(() -> new AssertionError(field + " not in /proc/self/status: " + procStatus));
    }

    @Test
    void runAsNonRootOnARootImageIsACreateContainerConfigErrorWithUpstreamsMessage() throws Exception {
        String uid = cluster.await("rootless known to the API", s -> !s.isEmpty(), "-n", NS, "get", "pod", "rootless", "-o", "jsonpath={.metadata.uid}");
        cluster.await("rootless waiting in CreateContainerConfigError", "CreateContainerConfigError"::equals,
                "-n", NS, "get", "pod", "rootless", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}");
        String expected = "container has runAsNonRoot and image will run as root (pod: \"rootless_spec(" + uid + ")\", container: main)";
        assertThat(get("rootless", "{.status.containerStatuses[0].state.waiting.message}")).isEqualTo(expected);
        assertThat(cluster.ok(null, "-n", NS, "get", "pod", "rootless", "--no-headers").out()).containsPattern("rootless\\s+0/1\\s+CreateContainerConfigError");
        assertThat(get("rootless", "{.status.phase}")).isEqualTo("Pending");
        cluster.await("a Failed event with the message", d -> d.contains("Error: " + expected), "-n", NS, "get", "events",
                "--field-selector", "involvedObject.name=rootless", "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}");
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() throws Exception {
        cluster.awaitPhase(NS, "hungry", "Failed");
        assertThat(get("hungry", "{.status.containerStatuses[0].state.terminated.reason}")).isEqualTo("OOMKilled");
        assertThat(get("hungry", "{.status.containerStatuses[0].state.terminated.exitCode}")).isEqualTo("137");
        assertThat(get("hungry", "{.status.qosClass}")).isEqualTo("Guaranteed");
        assertThat(cluster.ok(null, "-n", NS, "get", "pod", "hungry", "--no-headers").out()).containsPattern("hungry\\s+0/1\\s+OOMKilled");
    }

    @Test
    void limitsOfARunningContainerAreItsCgroupsAndQosFollowsRequests() throws Exception {
        cluster.awaitReady(NS, "limited");
        assertThat(get("limited", "{.status.qosClass}")).isEqualTo("Burstable");
        String memory = exec("limited", "main", "sh", "-c",
                "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max").strip();
        assertThat(memory).isEqualTo(Long.toString(64L * 1024 * 1024));
        String quota = exec("limited", "main", "sh", "-c",
                "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cut -d' ' -f1 /sys/fs/cgroup/cpu.max").strip();
        assertThat(quota).as("250m of a 100 ms period").isEqualTo("25000");
        String shares = exec("limited", "main", "sh", "-c",
                "cat /sys/fs/cgroup/cpu/cpu.shares 2>/dev/null || cat /sys/fs/cgroup/cpu.weight").strip();
        // 100m → 102 shares (v1); v2 maps shares to a weight.
        assertThat(shares).isIn("102", "4");
    }

    @Test
    void commandArgsEnvWorkingDirHostnameDnsAndOnFailureRestart() throws Exception {
        cluster.awaitPhase(NS, "envy", "Succeeded");
        assertThat(get("envy", "{.status.containerStatuses[0].restartCount}")).as("OnFailure restarted the failed run once").isEqualTo("1");
        String podIp = get("envy", "{.status.podIP}");
        String out = cluster.ok(null, "-n", NS, "logs", "envy").out();
        assertThat(out).contains("cwd=/state", "greeting=hi from-cm=hello-from-configmap",
                "pod=envy ns=spec node=beluga-e2e ip=" + podIp + " hostip=127.0.0.1", "mem=48", "host=myhost", "second-run");
        assertThat(podIp).startsWith("10.92.5.");
        assertThat(out).contains("nameserver 10.92.5.250").contains("search e2e.example").contains("options ndots:2");
        assertThat(out).containsPattern(podIp.replace(".", "\\.") + "\\s+myhost\\.mysub\\.spec\\.svc\\.cluster\\.local\\s+myhost");
        assertThat(cluster.ok(null, "-n", NS, "logs", "envy", "--previous").out()).contains("first-run").doesNotContain("second-run");
        assertThat(get("envy", "{.status.containerStatuses[0].lastState.terminated.exitCode}")).isEqualTo("1");
        assertThat(get("envy", "{.status.containerStatuses[0].state.terminated.reason}")).isEqualTo("Completed");
    }

    @Test
    void probesOfEachKindDriveStartedReadyAndRestarts() throws Exception {
        // startup (exec) passes once /tmp/started exists; readiness (httpGet) fails with 404 until the page exists.
        cluster.await("web started by its startup probe", "true"::equals,
                "-n", NS, "get", "pod", "probed", "-o", "jsonpath={.status.containerStatuses[?(@.name==\"web\")].started}");
        cluster.await("a readiness failure event", e -> e.contains("Readiness probe failed: HTTP probe failed with statuscode: 404"),
                "-n", NS, "get", "events", "--field-selector", "involvedObject.name=probed", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}");
        assertThat(get("probed", "{.status.containerStatuses[?(@.name==\"web\")].ready}")).isEqualTo("false");
        assertThat(get("probed", "{.status.conditions[?(@.type==\"Ready\")].status}")).isEqualTo("False");
        assertThat(get("probed", "{.status.conditions[?(@.type==\"ContainersReady\")].status}")).isEqualTo("False");
        exec("probed", "web", "sh", "-c", "echo ready > /www/ready.html");
        cluster.await("web ready once its page is there", "true"::equals,
                "-n", NS, "get", "pod", "probed", "-o", "jsonpath={.status.containerStatuses[?(@.name==\"web\")].ready}");

        // liveness (exec) fails at once: the kubelet restarts 'doomed', says why, and leaves 'web' (tcpSocket passes) alone.
        cluster.await("doomed restarted by its liveness probe", n -> !n.isEmpty() && Integer.parseInt(n) >= 1,
                "-n", NS, "get", "pod", "probed", "-o", "jsonpath={.status.containerStatuses[?(@.name==\"doomed\")].restartCount}");
        String events = cluster.await("Unhealthy and Killing events for doomed",
                e -> e.contains("Liveness probe failed:") && e.contains("Container doomed failed liveness probe, will be restarted"),
                "-n", NS, "get", "events", "--field-selector", "involvedObject.name=probed", "-o",
                "jsonpath={range .items[*]}{.type} {.reason}: {.message}{\"\\n\"}{end}");
        assertThat(events).contains("Warning Unhealthy: Liveness probe failed:").contains("Normal Killing: Container doomed failed liveness probe");
        assertThat(get("probed", "{.status.containerStatuses[?(@.name==\"web\")].restartCount}")).isEqualTo("0");
        String describe = cluster.ok(null, "-n", NS, "describe", "pod", "probed").out();
        assertThat(describe).contains("Startup:", "exec [cat /tmp/started]").contains("Readiness:", "http-get http://:8080/ready.html").contains("Liveness:", "tcp-socket :8080");
        // describe's Events table: type, reason, age, from, message.
        assertThat(describe).containsPattern("Warning\\s+Unhealthy\\s+.*kubelet\\s+Liveness probe failed:")
                .containsPattern("Normal\\s+Killing\\s+.*kubelet\\s+Container doomed failed liveness probe, will be restarted")
                .containsPattern("Warning\\s+Unhealthy\\s+.*kubelet\\s+Readiness probe failed: HTTP probe failed with statuscode: 404");
    }

    @Test
    void hooksRunAndDeletionSendsPreStopThenSigtermAndConfirmsTheDelete() throws Exception {
        cluster.awaitReady(NS, "hooked");
        Path hooks = hostDir.resolve("hooks");
        // Awaited with its content: the hook's shell creates the file (its redirection) before echo writes into it.
        awaitTrue("postStart wrote its file", () -> Files.exists(hooks.resolve("post-start")) && !Files.readString(hooks.resolve("post-start")).isEmpty());
        assertThat(Files.readString(hooks.resolve("post-start"))).isEqualTo("post-start-ran\n");
        String containerId = get("hooked", "{.status.containerStatuses[0].containerID}").substring("containerd://".length());

        // Its handler exits on SIGTERM, so deletion is over long before the 30 s grace period.
        cluster.ok(null, "-n", NS, "delete", "pod", "hooked", "--timeout=60s");
        assertThat(cluster.kubectl(null, "-n", NS, "get", "pod", "hooked").out()).contains("not found");
        assertThat(Files.readAllLines(hooks.resolve("log"))).containsExactly("started", "pre-stop-ran", "got-sigterm");
        awaitTrue("the container gone from containerd", () -> !cluster.containerdContainers().contains(containerId));
        cluster.await("a Killing event", e -> e.contains("Killing: Stopping container main"), "-n", NS, "get", "events",
                "--field-selector", "involvedObject.name=hooked", "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}");
    }

    @Test
    void aRunningPodHasEveryConditionAndStatusField() throws Exception {
        cluster.awaitReady(NS, "clock");
        for (String type : List.of("PodScheduled", "PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready")) {
            assertThat(get("clock", "{.status.conditions[?(@.type==\"" + type + "\")].status}")).as(type).isEqualTo("True");
        }
        assertThat(get("clock", "{.status.hostIP}")).isEqualTo("127.0.0.1");
        assertThat(get("clock", "{.status.hostIPs[0].ip}")).isEqualTo("127.0.0.1");
        String ip = get("clock", "{.status.podIP}");
        assertThat(ip).startsWith("10.92.5.");
        assertThat(get("clock", "{.status.podIPs[0].ip}")).isEqualTo(ip);
        assertThat(Instant.parse(get("clock", "{.status.startTime}"))).isBeforeOrEqualTo(Instant.now());
        String c = "{.status.containerStatuses[0].";
        assertThat(get("clock", c + "name}")).isEqualTo("main");
        assertThat(get("clock", c + "image}")).isEqualTo("docker.io/library/busybox:1.35");
        assertThat(get("clock", c + "imageID}")).contains("sha256:");
        assertThat(get("clock", c + "containerID}")).startsWith("containerd://");
        assertThat(get("clock", c + "started}")).isEqualTo("true");
        assertThat(get("clock", c + "ready}")).isEqualTo("true");
        assertThat(get("clock", c + "restartCount}")).isEqualTo("0");
        assertThat(Instant.parse(get("clock", c + "state.running.startedAt}"))).isBeforeOrEqualTo(Instant.now());
        String describe = cluster.ok(null, "-n", NS, "describe", "pod", "clock").out();
        assertThat(describe).containsPattern("PodReadyToStartContainers\\s+True").containsPattern("ContainersReady\\s+True")
                .containsPattern("Initialized\\s+True").containsPattern("QoS Class:\\s+BestEffort").containsPattern("Node:\\s+beluga-e2e/127.0.0.1");
    }

    @Test
    void logsSinceShowsOnlyTheRecentLines() throws Exception {
        cluster.awaitReady(NS, "clock");
        // Wait until the log holds lines older than the window, so --since has something to leave out.
        cluster.await("the clock's log older than 6 s", log -> {
            List<String> lines = log.lines().toList();
            return lines.size() >= 2 && Long.parseLong(lines.getFirst().strip()) < Instant.now().getEpochSecond() - 6;
        }, "-n", NS, "logs", "clock");
        long before = Instant.now().getEpochSecond();
        List<String> recent = cluster.await("lines within the last 3 s", s -> !s.isEmpty(), "-n", NS, "logs", "clock", "--since=3s").lines().toList();
        long first = Long.parseLong(cluster.ok(null, "-n", NS, "logs", "clock").out().lines().findFirst().orElseThrow().strip());
        // The container printed each line when it wrote it, so every shown line is at most 3 s (+1 for rounding) older than the call.
        assertThat(recent).allSatisfy(l -> assertThat(Long.parseLong(l.strip())).isGreaterThanOrEqualTo(before - 4));
        assertThat(Long.parseLong(recent.getFirst().strip())).isGreaterThan(first);
    }

    @Test
    void execWithATerminalGivesTheCommandATtyAndReturnsItsExitCode() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/script"))) {
            String why = "kubectl exec -it needs script(1) from util-linux to get a pseudo-terminal";
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(why + " (CI=true: it must run)");
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
        cluster.awaitReady(NS, "clock");
        // kubectl -it needs a terminal of its own: script(1) runs it on a pseudo-terminal.
        String kubectl = LocalNodeCluster.KUBECTL + " --kubeconfig " + cluster.dataDir().resolve("kubeconfig.yaml")
                + " -n " + NS + " exec -it clock -- sh -c 'tty; echo term=$TERM; exit 7'";
        ProcessBuilder pb = new ProcessBuilder("timeout", "60", "/usr/bin/script", "-qec", kubectl, "/dev/null").redirectErrorStream(true);
        pb.environment().put("HOME", cluster.dataDir().toString());
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(out).as("kubectl exec -it said: %s", out).contains("/dev/pts/").contains("term=xterm");
        assertThat(p.exitValue()).as("kubectl exec -it said: %s", out).isEqualTo(7);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + LocalNodeCluster.WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached within " + LocalNodeCluster.WAIT.toSeconds() + " s: " + what);
            Thread.sleep(500);
        }
    }
}
