package dev.beluga.kubelet.server.stream;

import java.util.List;
import java.util.Map;

/**
 * The query of a kubelet /exec or /attach request (upstream's remotecommand.NewOptions): the
 * command (exec only) and which streams the client wants. A terminal merges stderr into stdout,
 * so upstream drops stderr when tty is asked for.
 */
public record StreamRequest(List<String> command, boolean tty, boolean stdin, boolean stdout, boolean stderr) {
    public sealed interface Parsed {}

    public record Valid(StreamRequest request) implements Parsed {}

    public record Invalid(String message) implements Parsed {}

    public StreamRequest {
        command = List.copyOf(command);
    }

    /** @param exec whether a command is required (exec) or refused (attach has none) */
    public static Parsed parse(Map<String, List<String>> query, boolean exec) {
        boolean tty = flag(query, "tty");
        boolean stdin = flag(query, "input") || flag(query, "stdin");
        boolean stdout = flag(query, "output") || flag(query, "stdout");
        boolean stderr = flag(query, "error") || flag(query, "stderr");
        List<String> command = query.getOrDefault("command", List.of());
        if (exec && command.isEmpty()) return new Invalid("you must specify at least one command for the container");
        if (!stdin && !stdout && !stderr) return new Invalid("you must specify at least 1 of stdin, stdout, stderr");
        if (tty && stderr) stderr = false;
        return new Valid(new StreamRequest(exec ? command : List.of(), tty, stdin, stdout, stderr));
    }

    private static boolean flag(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) return false;
        String v = values.getFirst();
        return v.equals("1") || v.equalsIgnoreCase("true");
    }
}
