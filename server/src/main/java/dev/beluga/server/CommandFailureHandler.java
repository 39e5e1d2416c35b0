package dev.beluga.server;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a {@link CommandFailure} as one line and exits 1. Anything else is a bug, so its stack
 * trace is kept.
 */
final class CommandFailureHandler implements IExecutionExceptionHandler {
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult)
            throws Exception {
        if (e instanceof CommandFailure failure) {
            commandLine.getErr().println("beluga: " + failure.getMessage());
            commandLine.getErr().flush();
            return FAILED;
        }
        throw e;
    }
}
