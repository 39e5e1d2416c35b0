package dev.beluga.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CriLogEntryTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFullLineKeepsItsLineEnd() {
        CriLogEntry e = CriLogEntry.parse(b("2016-10-06T00:17:09.669794202Z stdout F log content 1\n")).orElseThrow();
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2016-10-06T00:17:09.669794202Z"));
        assertThat(e.stream()).isEqualTo(CriLogEntry.Stream.STDOUT);
        assertThat(e.partial()).isFalse();
        assertThat(new String(e.content(), StandardCharsets.UTF_8)).isEqualTo("log content 1\n");
    }

    @Test
    void aPartialLineHasNoLineEndAndTrimmedFractionsParse() {
        CriLogEntry e = CriLogEntry.parse(b("2016-10-06T00:17:09.6697Z stderr P half a \n")).orElseThrow();
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2016-10-06T00:17:09.669700Z"));
        assertThat(e.stream()).isEqualTo(CriLogEntry.Stream.STDERR);
        assertThat(e.partial()).isTrue();
        assertThat(new String(e.content(), StandardCharsets.UTF_8)).isEqualTo("half a ");
    }

    @Test
    void tagsAfterTheFirstAreIgnoredAndOffsetsAreUnderstood() {
        CriLogEntry e = CriLogEntry.parse(b("2016-10-06T02:17:09+02:00 stdout F:x:y spaces  kept")).orElseThrow();
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2016-10-06T00:17:09Z"));
        assertThat(new String(e.content(), StandardCharsets.UTF_8)).isEqualTo("spaces  kept\n");
    }

    @Test
    void anEmptyFullLineIsOneLineEnd() {
        CriLogEntry e = CriLogEntry.parse(b("2016-10-06T00:17:09Z stdout F \n")).orElseThrow();
        assertThat(e.content()).containsExactly('\n');
    }

    @Test
    void linesNotInCriFormatAreRefused() {
        assertThat(CriLogEntry.parse(b("hello world\n"))).isEmpty();
        assertThat(CriLogEntry.parse(b("2016-10-06T00:17:09Z stdin F x\n"))).isEmpty();
        assertThat(CriLogEntry.parse(b("yesterday stdout F x\n"))).isEmpty();
        assertThat(CriLogEntry.parse(b("2016-10-06T00:17:09Z stdout\n"))).isEmpty();
        assertThat(CriLogEntry.parse(b(""))).isEmpty();
    }
}
