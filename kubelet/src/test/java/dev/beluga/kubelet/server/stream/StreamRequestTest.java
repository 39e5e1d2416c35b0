package dev.beluga.kubelet.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamRequestTest {
    @Test
    void execTakesTheRepeatedCommandInOrderAndTheStreamFlags() {
        StreamRequest.Parsed parsed = StreamRequest.parse(Map.of("command", List.of("sh", "-c", "echo hi"),
                "stdin", List.of("true"), "stdout", List.of("1"), "stderr", List.of("true")), true);
        assertThat(parsed).isEqualTo(new StreamRequest.Valid(new StreamRequest(List.of("sh", "-c", "echo hi"), false, true, true, true)));
    }

    @Test
    void aTerminalDropsStderrAsUpstreamDoes() {
        StreamRequest.Parsed parsed = StreamRequest.parse(Map.of("command", List.of("sh"), "tty", List.of("true"),
                "stdin", List.of("true"), "stdout", List.of("true"), "stderr", List.of("true")), true);
        assertThat(parsed).isEqualTo(new StreamRequest.Valid(new StreamRequest(List.of("sh"), true, true, true, false)));
    }

    @Test
    void execWithoutACommandIsRefused() {
        assertThat(StreamRequest.parse(Map.of("stdout", List.of("true")), true))
                .isEqualTo(new StreamRequest.Invalid("you must specify at least one command for the container"));
    }

    @Test
    void noStreamAtAllIsRefused() {
        assertThat(StreamRequest.parse(Map.of("command", List.of("true"), "stdin", List.of("false")), true))
                .isEqualTo(new StreamRequest.Invalid("you must specify at least 1 of stdin, stdout, stderr"));
    }

    @Test
    void attachNeedsNoCommandAndIgnoresOne() {
        assertThat(StreamRequest.parse(Map.of("command", List.of("x"), "stdout", List.of("true")), false))
                .isEqualTo(new StreamRequest.Valid(new StreamRequest(List.of(), false, false, true, false)));
    }
}
