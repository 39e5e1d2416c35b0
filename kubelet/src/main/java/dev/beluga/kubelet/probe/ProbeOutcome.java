package dev.beluga.kubelet.probe;

/**
 * What one run of a probe or hook handler answered (upstream's probe.Result with its output, or an
 * error). Success and Warning pass; Failure fails; an Error means the check could not be made and
 * its result is thrown away (upstream: "probe errored").
 */
public sealed interface ProbeOutcome {
    String output();

    record Success(String output) implements ProbeOutcome {}

    /** Passes, but with something to say (upstream: an HTTP redirect that was not followed). */
    record Warning(String output) implements ProbeOutcome {}

    record Failure(String output) implements ProbeOutcome {}

    record Error(String output) implements ProbeOutcome {}

    default boolean passed() {
        return this instanceof Success || this instanceof Warning;
    }
}
