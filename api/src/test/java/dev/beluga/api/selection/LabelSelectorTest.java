package dev.beluga.api.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beluga.api.codec.Json;
import dev.beluga.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front", "rank", "5");

    private static String parseError(String text) {
        try {
            LabelSelector.parse(text);
        } catch (StatusException e) {
            assertThat(e.code()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("parsed: " + text);
    }

    @Test
    void equalityOperators() {
        assertThat(LabelSelector.parse("app=web").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("app==web").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("app!=web").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("missing!=x").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("app=db").matches(WEB)).isFalse();
    }

    @Test
    void setOperators() {
        assertThat(LabelSelector.parse("tier in (front, back)").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("tier notin (front)").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("missing notin (front)").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("missing in (front)").matches(WEB)).isFalse();
    }

    @Test
    void existence() {
        assertThat(LabelSelector.parse("app").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("!app").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("!missing").matches(WEB)).isTrue();
    }

    @Test
    void numericComparisons() {
        assertThat(LabelSelector.parse("rank>4").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("rank<5").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("app>1").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("missing<1").matches(WEB)).isFalse();
    }

    @Test
    void allRequirementsMustHold() {
        assertThat(LabelSelector.parse("app=web,tier=front").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("app=web,tier=back").matches(WEB)).isFalse();
    }

    @Test
    void emptyValueMatchesEmptyLabel() {
        assertThat(LabelSelector.parse("a=").matches(Map.of("a", ""))).isTrue();
        assertThat(LabelSelector.parse("a in ()").matches(Map.of("a", ""))).isTrue();
    }

    @Test
    void canonicalFormSortsByKeyAndValues() {
        assertThat(LabelSelector.parse(" tier in (b,a) , app==web,!x, y, r>1").toString()).isEqualTo("app==web,r>1,tier in (a,b),!x,y");
        assertThat(LabelSelector.parse("a notin (z)").toString()).isEqualTo("a notin (z)");
    }

    @Test
    void keywordsAreValuesInValuePosition() {
        assertThat(LabelSelector.parse("a=in").matches(Map.of("a", "in"))).isTrue();
        assertThat(LabelSelector.parse("a in (notin)").toString()).isEqualTo("a in (notin)");
    }

    @Test
    void prefixedKeys() {
        assertThat(LabelSelector.parse("app.kubernetes.io/name=web").matches(Map.of("app.kubernetes.io/name", "web"))).isTrue();
    }

    @Test
    void emptyIsEverything() {
        assertThat(LabelSelector.parse("").isEverything()).isTrue();
        assertThat(LabelSelector.parse("  ").matches(WEB)).isTrue();
    }

    @Test
    void missingOperandIsAnError() {
        assertThat(parseError("a in b")).isEqualTo("unable to parse requirement: found 'b' expected: '('");
        assertThat(parseError("a b")).isEqualTo("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
        assertThat(parseError("a=b c")).isEqualTo("found 'c', expected: ',' or 'end of string'");
        assertThat(parseError("a=b,")).isEqualTo("found '', expected: identifier after ','");
        assertThat(parseError(",a")).isEqualTo("found ',', expected: !, identifier, or 'end of string'");
    }

    @Test
    void invalidValueUsesUpstreamMessage() {
        assertThat(parseError("app=a$b")).isEqualTo("unable to parse requirement: values[0][app]: Invalid value: \"a$b\": "
                + "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                + "an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    }

    @Test
    void invalidKeyUsesUpstreamMessage() {
        assertThat(parseError("-a=b")).isEqualTo("unable to parse requirement: key: Invalid value: \"-a\": name part must consist of "
                + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
                + "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    }

    @Test
    void nonIntegerBoundIsAnError() {
        assertThat(parseError("a>b")).isEqualTo("unable to parse requirement: values[0]: Invalid value: \"b\": "
                + "for 'Gt', 'Lt' operators, the value must be an integer");
    }

    @Test
    void matchesObjectLabels() throws Exception {
        JsonNode pod = Json.MAPPER.readTree("{\"metadata\":{\"name\":\"p\",\"labels\":{\"app\":\"web\"}}}");
        JsonNode bare = Json.MAPPER.readTree("{\"metadata\":{\"name\":\"q\"}}");
        assertThat(LabelSelector.parse("app=web").matches(pod)).isTrue();
        assertThat(LabelSelector.parse("app=web").matches(bare)).isFalse();
        assertThat(LabelSelector.parse("!app").matches(bare)).isTrue();
    }

    @Test
    void modelSelectorNilMatchesNothingAndEmptyEverything() {
        assertThat(LabelSelector.fromModel(Optional.empty()).isNothing()).isTrue();
        assertThat(LabelSelector.fromModel(Optional.empty()).matches(WEB)).isFalse();
        assertThat(LabelSelector.fromModel(new LabelSelectorBuilder().build()).isEverything()).isTrue();
        assertThat(LabelSelector.fromTree(null).isNothing()).isTrue();
    }

    @Test
    void modelSelectorCombinesLabelsAndExpressions() {
        LabelSelector s = LabelSelector.fromModel(new LabelSelectorBuilder()
                .addToMatchLabels("app", "web")
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("front", "back").endMatchExpression()
                .addNewMatchExpression().withKey("canary").withOperator("DoesNotExist").endMatchExpression()
                .build());
        assertThat(s.toString()).isEqualTo("app=web,!canary,tier in (back,front)");
        assertThat(s.matches(WEB)).isTrue();
        assertThat(s.matches(Map.of("app", "web", "tier", "front", "canary", "1"))).isFalse();
    }

    @Test
    void modelSelectorRejectsUnknownOperator() {
        assertThatThrownBy(() -> LabelSelector.fromModel(new LabelSelectorBuilder()
                .addNewMatchExpression().withKey("a").withOperator("Gt").withValues("1").endMatchExpression().build()))
                .isInstanceOf(StatusException.class).hasMessage("\"Gt\" is not a valid label selector operator");
    }

    @Test
    void modelSelectorInWithoutValuesIsInvalid() {
        assertThatThrownBy(() -> LabelSelector.fromModel(new LabelSelectorBuilder()
                .addNewMatchExpression().withKey("a").withOperator("In").endMatchExpression().build()))
                .hasMessage("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
    }
}
