package dev.beluga.server;

import picocli.CommandLine.Command;

/** `beluga bench …`: benchmarks that print figures beside the floor they are measured against, in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Beluga on this machine. Each benchmark prints its figures and the floor or peer measured in the same run, as a ratio."},
        subcommands = {ApiBenchCommand.class, SchedulerBenchCommand.class, PodBenchCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: try `beluga bench api`, `beluga bench scheduler` or `beluga bench pods`");
    }
}
