package dev.beluga.api.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one JSON and YAML configuration for API objects (fabric8 model classes and plain trees).
 * Unknown fields are kept in the model classes' additionalProperties, which is how strict field
 * validation finds them; duplicate fields are rejected as upstream's strict decoding does.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(Quantity.class, LenientQuantity.class)
            // Generated accessors instead of reflective calls: bean (de)serialization is the API's hot path.
            .addModule(new BlackbirdModule())
            .addModule(MicroTime.readers())
            .addModule(MicroTime.writer())
            .build();

    public static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(Quantity.class, LenientQuantity.class)
            .addModule(MicroTime.readers())
            .addModule(MicroTime.writer())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {}

    /**
     * fabric8's Quantity deserializer throws on text upstream would refuse, which would surface as a 400
     * or 500. Upstream reports a bad quantity as a 422 field error, so decoding keeps the raw text
     * (amount = text, no format) and validation (admission.QuantityValidation) judges it.
     */
    @JsonDeserialize(using = LenientQuantityDeserializer.class)
    private abstract static class LenientQuantity {}

    public static final class LenientQuantityDeserializer extends JsonDeserializer<Quantity> {
        @Override
        public Quantity deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            String text;
            if (node.isObject() && node.has("amount")) {
                text = node.get("amount").asText() + (node.has("format") ? node.get("format").asText() : "");
            } else {
                text = node.asText();
            }
            try {
                return new Quantity(text);
            } catch (RuntimeException e) {
                Quantity raw = new Quantity();
                raw.setAmount(text);
                return raw;
            }
        }
    }
}
