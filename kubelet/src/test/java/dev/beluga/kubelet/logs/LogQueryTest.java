package dev.beluga.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogQueryTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void everyOptionIsRead() {
        var parsed = LogQuery.parse(Map.of("follow", "true", "previous", "true", "timestamps", "true", "tailLines", "2",
                "limitBytes", "100", "sinceSeconds", "60"), NOW);
        assertThat(parsed).isInstanceOf(LogQuery.Valid.class);
        LogQuery.Valid v = (LogQuery.Valid) parsed;
        assertThat(v.previous()).isTrue();
        assertThat(v.options().follow()).isTrue();
        assertThat(v.options().timestamps()).isTrue();
        assertThat(v.options().tailLines()).hasValue(2);
        assertThat(v.options().limitBytes()).hasValue(100);
        assertThat(v.options().since()).contains(NOW.minusSeconds(60));
    }

    @Test
    void sinceTimeAndTheOlderTailParameter() {
        LogQuery.Valid v = (LogQuery.Valid) LogQuery.parse(Map.of("sinceTime", "2026-01-01T09:00:00Z", "tail", "5"), NOW);
        assertThat(v.options().since()).contains(Instant.parse("2026-01-01T09:00:00Z"));
        assertThat(v.options().tailLines()).hasValue(5);
        LogQuery.Valid all = (LogQuery.Valid) LogQuery.parse(Map.of("tail", "all"), NOW);
        assertThat(all.options().tailLines()).isEmpty();
        assertThat(all.previous()).isFalse();
    }

    @Test
    void invalidValuesAreRefusedAsUpstreamValidates() {
        assertThat(LogQuery.parse(Map.of("tailLines", "-1"), NOW)).isEqualTo(new LogQuery.Invalid(422, "tailLines: Invalid value: must be greater than or equal to 0"));
        assertThat(LogQuery.parse(Map.of("limitBytes", "0"), NOW)).isInstanceOf(LogQuery.Invalid.class);
        assertThat(LogQuery.parse(Map.of("sinceSeconds", "0"), NOW)).isInstanceOf(LogQuery.Invalid.class);
        assertThat(LogQuery.parse(Map.of("sinceSeconds", "5", "sinceTime", "2026-01-01T09:00:00Z"), NOW)).isInstanceOf(LogQuery.Invalid.class);
        assertThat(LogQuery.parse(Map.of("tailLines", "two"), NOW)).extracting(p -> ((LogQuery.Invalid) p).code()).isEqualTo(400);
        assertThat(LogQuery.parse(Map.of("follow", "maybe"), NOW)).isInstanceOf(LogQuery.Invalid.class);
    }
}
