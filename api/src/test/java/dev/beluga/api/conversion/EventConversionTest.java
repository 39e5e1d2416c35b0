package dev.beluga.api.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import org.junit.jupiter.api.Test;

class EventConversionTest {
    private static Event fullCore() {
        return new EventBuilder().withNewMetadata().withName("web.1").withNamespace("default").withResourceVersion("7").endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withName("web").withNamespace("default").withUid("u1").endInvolvedObject()
                .withNewRelated().withKind("Node").withName("n1").endRelated()
                .withMessage("Started container").withReason("Started").withType("Normal").withAction("Start")
                .withEventTime(new MicroTime("2024-01-01T00:00:00.000001Z"))
                .withNewSeries().withCount(3).withLastObservedTime(new MicroTime("2024-01-01T00:01:00.000000Z")).endSeries()
                .withNewSource().withComponent("kubelet").withHost("n1").endSource()
                .withFirstTimestamp("2024-01-01T00:00:00Z").withLastTimestamp("2024-01-01T00:01:00Z").withCount(3)
                .withReportingComponent("kubelet").withReportingInstance("n1").build();
    }

    @Test
    void coreToEventsV1MapsRenamedFields() {
        var e = EventConversion.toEventsV1(fullCore());
        assertThat(e.getApiVersion()).isEqualTo("events.k8s.io/v1");
        assertThat(e.getRegarding().getName()).isEqualTo("web");
        assertThat(e.getNote()).isEqualTo("Started container");
        assertThat(e.getDeprecatedSource().getComponent()).isEqualTo("kubelet");
        assertThat(e.getDeprecatedFirstTimestamp()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(e.getDeprecatedLastTimestamp()).isEqualTo("2024-01-01T00:01:00Z");
        assertThat(e.getDeprecatedCount()).isEqualTo(3);
        assertThat(e.getReportingController()).isEqualTo("kubelet");
        assertThat(e.getSeries().getCount()).isEqualTo(3);
    }

    @Test
    void coreRoundTripIsLossless() {
        Event core = fullCore();
        assertThat(EventConversion.toCore(EventConversion.toEventsV1(core))).isEqualTo(core);
    }

    @Test
    void eventsV1RoundTripIsLossless() {
        var v1 = EventConversion.toEventsV1(fullCore());
        assertThat(EventConversion.toEventsV1(EventConversion.toCore(v1))).isEqualTo(v1);
    }

    @Test
    void conversionCopiesMetadata() {
        Event core = fullCore();
        var v1 = EventConversion.toEventsV1(core);
        v1.getMetadata().setName("changed");
        assertThat(core.getMetadata().getName()).isEqualTo("web.1");
    }

    @Test
    void emptyEventConverts() {
        Event core = new Event();
        core.setApiVersion("v1");
        core.setKind("Event");
        assertThat(EventConversion.toCore(EventConversion.toEventsV1(core))).isEqualTo(core);
    }
}
