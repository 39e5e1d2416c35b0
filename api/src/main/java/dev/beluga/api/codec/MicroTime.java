package dev.beluga.api.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * fabric8 types upstream's metav1.MicroTime (Lease acquireTime/renewTime, events.k8s.io eventTime) as
 * ZonedDateTime. Upstream writes it in UTC with exactly six fractional digits
 * ("2006-01-02T15:04:05.000000Z"); any RFC 3339 time is read, where fabric8's own pattern takes only
 * that exact form.
 */
final class MicroTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private MicroTime() {}

    /** Java time types in general; the MicroTime form below overrides fabric8's strict 'Z'-only pattern. */
    static JavaTimeModule readers() {
        return new JavaTimeModule();
    }

    static SimpleModule writer() {
        SimpleModule module = new SimpleModule("MicroTime");
        module.addDeserializer(ZonedDateTime.class, new JsonDeserializer<>() {
            @Override
            public ZonedDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return ZonedDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).withZoneSameInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    return (ZonedDateTime) ctxt.handleWeirdStringValue(ZonedDateTime.class, text, "not an RFC 3339 time");
                }
            }
        });
        module.addSerializer(ZonedDateTime.class, new JsonSerializer<>() {
            @Override
            public void serialize(ZonedDateTime value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(FORMAT.format(value.withZoneSameInstant(ZoneOffset.UTC)));
            }
        });
        return module;
    }
}
