package dev.beluga.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written scans of the hot name checks decide exactly as upstream's regexes (quoted in their messages). */
class NameScanTest {
    private static final Pattern LABEL = Pattern.compile("^" + NameValidation.DNS1123_LABEL_FMT + "$");
    private static final Pattern SUBDOMAIN = Pattern.compile("^" + NameValidation.DNS1123_SUBDOMAIN_FMT + "$");
    private static final Pattern QUALIFIED = Pattern.compile("^" + NameValidation.QUALIFIED_NAME_FMT + "$");
    private static final Pattern LABEL_VALUE = Pattern.compile("^" + NameValidation.LABEL_VALUE_FMT + "$");

    /** Edge cases, then random strings over an alphabet dense in the characters that matter. */
    private static List<String> samples() {
        List<String> out = new ArrayList<>(List.of("", "a", "A", "0", "-", ".", "_", "a-", "-a", "a.", ".a", "a..b", "a.-b", "a-.b",
                "a.b", "a-b", "a_b", "A_b", "a/b", "web-0", "x.y.z", "1.2", "a\n", "\na", "é", "a b", "ab-", "a" + "b".repeat(70)));
        String alphabet = "aZz09-._/A \n";
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(7);
            for (int j = 0; j < n; j++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void scansDecideAsTheRegexes() {
        for (String s : samples()) {
            assertThat(NameValidation.isDns1123Label(s, 0, s.length())).as("label %s", s).isEqualTo(LABEL.matcher(s).matches());
            assertThat(NameValidation.isDns1123Subdomain(s)).as("subdomain %s", s).isEqualTo(SUBDOMAIN.matcher(s).matches());
            assertThat(NameValidation.isQualifiedNamePart(s)).as("qualified name %s", s).isEqualTo(QUALIFIED.matcher(s).matches());
            assertThat(NameValidation.labelValue(s).contains(NameValidation.LABEL_VALUE_MSG)).as("label value %s", s)
                    .isEqualTo(!LABEL_VALUE.matcher(s).matches());
        }
    }
}
