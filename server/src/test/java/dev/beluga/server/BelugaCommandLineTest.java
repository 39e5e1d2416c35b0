package dev.beluga.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class BelugaCommandLineTest {
    @TempDir
    Path temp;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        CommandRun run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: beluga", "server", "kubeconfig", "Kubernetes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "agent", "kubeconfig"})
    void everyCommandHasHelp(String command) {
        CommandRun run = run(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: beluga " + command).contains("--data-dir");
    }

    @Test
    void everyRegisteredCommandDescribesItself() {
        for (CommandLine sub : Beluga.commandLine().getSubcommands().values()) {
            assertThat(sub.getCommandSpec().usageMessage().description()).as(sub.getCommandName()).isNotEmpty();
            assertThat(sub.getUsageMessage()).as(sub.getCommandName()).contains("--help");
        }
    }

    @Test
    void everyCommandsHelpFormatsWithoutPicocliWarnings() {
        // picocli formats descriptions with String.format: a bare '%' renders the raw text and warns on stderr.
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            usageOfEvery(Beluga.commandLine());
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    private static void usageOfEvery(CommandLine command) {
        assertThat(command.getUsageMessage()).as(command.getCommandName()).contains("--help");
        for (CommandLine sub : command.getSubcommands().values()) usageOfEvery(sub);
    }

    @Test
    void versionNamesBeluga() {
        CommandRun run = run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("beluga ").doesNotContain("unknown");
    }

    @Test
    void noCommandIsAUsageError() {
        CommandRun run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing command", "Usage: beluga");
    }

    @Test
    void serverDefaults() {
        ServerSettings settings = serverSettings();

        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.httpsPort()).isEqualTo(6443);
        assertThat(settings.dataDir()).isEqualTo(DataDirectory.defaultPath());
        assertThat(settings.compactionInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.watchCacheHistory()).isEqualTo(10_000);
    }

    @Test
    void serverOptions() {
        ServerSettings settings = serverSettings("--bind-address", "0.0.0.0", "--https-port", "16443",
                "--data-dir", temp.toString(), "--compaction-interval", "30s", "--watch-cache-history", "50");

        assertThat(settings.withCluster(ClusterSettings.DEFAULTS)).isEqualTo(new ServerSettings("0.0.0.0", 16443, temp, Duration.ofSeconds(30), 50));
        assertThat(settings.cluster().localNode()).as("this machine is a node unless --disable-agent")
                .contains(new NodeSettings(Optional.empty(), Optional.empty(), NodeSettings.DEFAULT_POD_CIDR, 10250));
    }

    @Test
    void nodeOptions() {
        assertThat(serverSettings("--disable-agent").cluster().localNode()).isEmpty();
        assertThat(serverSettings("--container-runtime-endpoint", "/run/containerd/containerd.sock", "--node-ip", "127.0.0.1",
                "--pod-cidr", "10.99.0.0/24", "--kubelet-port", "0").cluster().localNode())
                .contains(new NodeSettings(Optional.of(Path.of("/run/containerd/containerd.sock")), Optional.of("127.0.0.1"), "10.99.0.0/24", 0));
        assertThat(run("server", "--data-dir", temp.toString(), "--pod-cidr", "nope").exitCode()).isEqualTo(2);
    }

    @Test
    void clusterCidrDefaultsToTheSixteenAroundTheDefaultPodCidrAndMustBeACidr() {
        assertThat(serverSettings().cluster().clusterCidr()).isEqualTo("10.88.0.0/16");
        assertThat(serverSettings("--cluster-cidr", "10.93.0.0/16").cluster().clusterCidr()).isEqualTo("10.93.0.0/16");
        CommandRun bad = run("server", "--data-dir", temp.toString(), "--cluster-cidr", "10.93.0.0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--cluster-cidr: not an IPv4 CIDR");
    }

    @Test
    void nodeNameIsLowerCasedAndMustBeADnsSubdomain() {
        assertThat(serverSettings().nodeName()).as("the machine's host name unless given").isEmpty();
        assertThat(serverSettings("--node-name", "Server-2.example").nodeName()).contains("server-2.example");
        CommandRun bad = run("server", "--data-dir", temp.toString(), "--node-name", "no_underscores");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--node-name must be a DNS subdomain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--https-port=70000", "--https-port=x", "--compaction-interval=soon", "--watch-cache-history=0", "--nope"})
    void badServerOptionsAreUsageErrors(String option) {
        CommandRun run = run("server", "--data-dir", temp.toString(), option);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).as("usage, or picocli's suggestion of a similar option").containsAnyOf("Usage: beluga server", "Possible solutions:");
        assertThat(temp.resolve("pki")).doesNotExist();
    }

    @Test
    void kubeconfigPrintsWhatTheServerWrote() throws Exception {
        Files.writeString(temp.resolve("kubeconfig.yaml"), "apiVersion: v1\nkind: Config\n");

        CommandRun run = run("kubeconfig", "--data-dir", temp.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("apiVersion: v1\nkind: Config\n");
    }

    @Test
    void kubeconfigWhereNoServerRanSaysSoWithoutAStackTrace() {
        CommandRun run = run("kubeconfig", "--data-dir", temp.resolve("empty").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("beluga: no kubeconfig at " + temp.resolve("empty/kubeconfig.yaml"))
                .contains("has not run there").doesNotContain("Exception");
        assertThat(List.of(run.err().split("\n"))).hasSize(1);
    }

    private static ServerSettings serverSettings(String... options) {
        CommandLine commandLine = Beluga.commandLine();
        String[] args = new String[options.length + 1];
        args[0] = "server";
        System.arraycopy(options, 0, args, 1, options.length);
        CommandLine.ParseResult parsed = commandLine.parseArgs(args);
        ServerCommand command = (ServerCommand) parsed.subcommand().commandSpec().userObject();
        return command.settings();
    }
}
