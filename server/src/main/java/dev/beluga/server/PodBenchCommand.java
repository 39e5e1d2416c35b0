package dev.beluga.server;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `beluga bench pods`: pod start-up latency on this machine's containerd, beside the CRI floor of the same containerd. */
@Command(name = "pods", mixinStandardHelpOptions = true,
        description = {
            "Starts a throwaway beluga server (temp data dir, loopback API, scheduler and",
            "controllers) with this machine as its node: a managed containerd of its own",
            "with its own pod network. Needs root and the node packages (containerd, runc,",
            "CNI plugins, catatonit, busybox-static). Measures, in one run:",
            "  1. the CRI floor: RunPodSandbox + CreateContainer + StartContainer of a",
            "     busybox `sleep 3600` pod straight on that containerd, then teardown;",
            "  2. --serial pods created one at a time: create -> all containers running",
            "     (seen through a watch, as a client sees it) p50/p99, and -> bound, -> Ready;",
            "  3. --burst pods created at once: the same;",
            "  4. the ratios to the floor. Targets: p50 <= floor + 50 ms, p99 <= 1 s.",
            "Then deletes the pods, stops the server and removes what containerd left."})
final class PodBenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--serial", defaultValue = "20", description = "Pods created one at a time (default: ${DEFAULT-VALUE}).")
    int serial;

    @Option(names = "--burst", defaultValue = "100", description = "Pods created at once, at most " + PodBenchmark.MAX_BURST + " (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--floor", defaultValue = "20", description = "CRI floor samples (default: ${DEFAULT-VALUE}).")
    int floor;

    @Option(names = "--pod-cidr", paramLabel = "CIDR", defaultValue = "10.90.0.0/24",
            description = "The throwaway node's pod network; keep it apart from a running server's (default: ${DEFAULT-VALUE}).")
    String podCidr;

    @Option(names = "--dir", description = "Where to put the throwaway data dir; keep it short, containerd's socket path must fit 107 bytes "
            + "(default: the system temp dir).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PodBenchmark.Options options;
        try {
            options = new PodBenchmark.Options(serial, burst, floor, podCidr.strip(), Optional.ofNullable(dir));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!ProcessUser.isRoot()) {
            throw new CommandFailure("beluga bench pods runs real containers: run it as root");
        }
        PodBenchmark.Report report = new PodBenchmark(options, System.out).run();
        System.out.println();
        report.print(System.out);
        return 0;
    }
}
