package dev.beluga.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class MicroTimeTest {
    @Test
    void leaseTimesTravelAsUpstreamMicroTime() throws Exception {
        String json = "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"n\"},"
                + "\"spec\":{\"holderIdentity\":\"a\",\"renewTime\":\"2026-11-23T21:30:05.123456+01:00\",\"acquireTime\":\"2026-11-23T20:30:05Z\"}}";
        Lease lease = Json.MAPPER.readValue(json, Lease.class);
        assertThat(lease.getSpec().getRenewTime().toInstant()).isEqualTo(ZonedDateTime.of(2026, 11, 23, 20, 30, 5, 123_456_000, ZoneOffset.UTC).toInstant());
        String out = Json.MAPPER.writeValueAsString(lease);
        assertThat(out).contains("\"renewTime\":\"2026-11-23T20:30:05.123456Z\"").contains("\"acquireTime\":\"2026-11-23T20:30:05.000000Z\"");
        assertThat(Json.YAML.writeValueAsString(lease)).contains("renewTime: 2026-11-23T20:30:05.123456Z");
    }
}
