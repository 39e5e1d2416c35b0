package dev.beluga.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameValidationTest {
    @Test
    void dnsLabelAcceptsLowercaseAndDashes() {
        assertThat(NameValidation.dns1123Label("my-name-1")).isEmpty();
    }

    @Test
    void dnsLabelRejectsDotsAndUppercase() {
        assertThat(NameValidation.dns1123Label("My.name")).containsExactly(NameValidation.DNS1123_LABEL_MSG);
    }

    @Test
    void dnsLabelRejectsMoreThan63() {
        assertThat(NameValidation.dns1123Label("a".repeat(64))).containsExactly("must be no more than 63 characters");
    }

    @Test
    void subdomainAcceptsDots() {
        assertThat(NameValidation.dns1123Subdomain("example.com")).isEmpty();
        assertThat(NameValidation.dns1123Subdomain("-bad")).containsExactly(NameValidation.DNS1123_SUBDOMAIN_MSG);
    }

    @Test
    void qualifiedNameWithPrefix() {
        assertThat(NameValidation.qualifiedName("example.com/My_Name")).isEmpty();
        assertThat(NameValidation.qualifiedName("/x")).containsExactly("prefix part must be non-empty");
        assertThat(NameValidation.qualifiedName("a/b/c")).singleElement().asString().startsWith("a qualified name must consist of");
    }

    @Test
    void qualifiedNameEmptyNamePart() {
        assertThat(NameValidation.qualifiedName("")).first().isEqualTo("name part must be non-empty");
    }

    @Test
    void labelValueMayBeEmpty() {
        assertThat(NameValidation.labelValue("")).isEmpty();
        assertThat(NameValidation.labelValue("bad value")).containsExactly(NameValidation.LABEL_VALUE_MSG);
    }

    @Test
    void portNameRules() {
        assertThat(NameValidation.portName("http")).isEmpty();
        assertThat(NameValidation.portName("80")).containsExactly("must contain at least one letter (a-z)");
        assertThat(NameValidation.portName("a--b")).containsExactly("must not contain consecutive hyphens");
    }

    @Test
    void relaxedEnvNames() {
        assertThat(NameValidation.envVarName("1-my.VAR")).isEmpty();
        assertThat(NameValidation.envVarName("A=B")).hasSize(1);
    }

    @Test
    void pathSegmentNames() {
        assertThat(NameValidation.pathSegmentName("web.17a3", false)).isEmpty();
        assertThat(NameValidation.pathSegmentName("..", false)).containsExactly("may not be '..'");
        assertThat(NameValidation.pathSegmentName("a/b", false)).containsExactly("may not contain '/'");
        assertThat(NameValidation.pathSegmentName("a%b", false)).containsExactly("may not contain '%'");
    }

    @Test
    void generateNamePrefixMayEndInDash() {
        assertThat(NameValidation.NameRule.DNS_SUBDOMAIN.check("web-", true)).isEmpty();
        assertThat(NameValidation.NameRule.DNS_SUBDOMAIN.check("web-", false)).hasSize(1);
    }
}
