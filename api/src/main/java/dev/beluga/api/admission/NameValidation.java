package dev.beluga.api.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Upstream's apimachinery string checks (k8s.io/apimachinery/pkg/util/validation). Each returns the
 * messages upstream returns, empty when the value is valid; callers turn them into field errors.
 */
public final class NameValidation {
    static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";

    private static final Pattern IANA_SVC_NAME_CHARS = Pattern.compile("^[-a-z0-9]+$");
    private static final Pattern IANA_SVC_NAME_LETTER = Pattern.compile("[a-z]");
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");
    private static final Pattern C_IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    static final int DNS1123_LABEL_MAX = 63;
    static final int DNS1123_SUBDOMAIN_MAX = 253;
    static final int QUALIFIED_NAME_MAX = 63;
    static final int LABEL_VALUE_MAX = 63;

    static final String DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
            + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '"
            + DNS1123_LABEL_FMT + "')";
    static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '"
            + DNS1123_SUBDOMAIN_FMT + "')";
    private static final String QUALIFIED_NAME_CHARS = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
            + "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '"
            + QUALIFIED_NAME_FMT + "')";
    static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
            + "or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
            + "regex used for validation is '" + LABEL_VALUE_FMT + "')";
    static final String CONFIG_MAP_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
            + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
    static final String C_IDENTIFIER_MSG = "a valid C identifier must start with alphabetic character or '_', followed by a string "
            + "of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is "
            + "'[A-Za-z_][A-Za-z0-9_]*')";

    private NameValidation() {}

    // The four checks every create runs (names, label keys and values) are scanned by hand rather than with
    // the regexes their messages quote: each is "allowed characters, alphanumeric at both ends", which a
    // scan decides in one pass; NameValidationTest holds them to the regexes.

    /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?} over value[from, to). */
    static boolean isDns1123Label(String value, int from, int to) {
        if (from >= to || !isLowerAlnum(value.charAt(from)) || !isLowerAlnum(value.charAt(to - 1))) return false;
        for (int i = from + 1; i < to - 1; i++) {
            char c = value.charAt(i);
            if (c != '-' && !isLowerAlnum(c)) return false;
        }
        return true;
    }

    /** {@code label(\.label)*}: labels between dots. */
    static boolean isDns1123Subdomain(String value) {
        int from = 0;
        while (true) {
            int dot = value.indexOf('.', from);
            if (dot < 0) return isDns1123Label(value, from, value.length());
            if (!isDns1123Label(value, from, dot)) return false;
            from = dot + 1;
        }
    }

    /** {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}. */
    static boolean isQualifiedNamePart(String value) {
        int n = value.length();
        if (n == 0 || !isAlnum(value.charAt(0)) || !isAlnum(value.charAt(n - 1))) return false;
        for (int i = 1; i < n - 1; i++) {
            char c = value.charAt(i);
            if (c != '-' && c != '_' && c != '.' && !isAlnum(c)) return false;
        }
        return true;
    }

    private static boolean isLowerAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static boolean isAlnum(char c) {
        return isLowerAlnum(c) || c >= 'A' && c <= 'Z';
    }

    static String maxLenMsg(int max) {
        return "must be no more than " + max + " characters";
    }

    public static List<String> dns1123Label(String value) {
        List<String> errs = new ArrayList<>(2);
        if (value.length() > DNS1123_LABEL_MAX) errs.add(maxLenMsg(DNS1123_LABEL_MAX));
        if (!isDns1123Label(value, 0, value.length())) errs.add(DNS1123_LABEL_MSG);
        return errs;
    }

    public static List<String> dns1123Subdomain(String value) {
        List<String> errs = new ArrayList<>(2);
        if (value.length() > DNS1123_SUBDOMAIN_MAX) errs.add(maxLenMsg(DNS1123_SUBDOMAIN_MAX));
        if (!isDns1123Subdomain(value)) errs.add(DNS1123_SUBDOMAIN_MSG);
        return errs;
    }

    /** A label key, annotation key or finalizer: an optional DNS subdomain prefix, '/', and a name part. */
    public static List<String> qualifiedName(String value) {
        List<String> errs = new ArrayList<>(2);
        int slash = value.indexOf('/');
        String name;
        if (slash < 0) {
            name = value;
        } else if (value.indexOf('/', slash + 1) < 0) {
            String prefix = value.substring(0, slash);
            name = value.substring(slash + 1);
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                for (String msg : dns1123Subdomain(prefix)) errs.add("prefix part " + msg);
            }
        } else {
            errs.add("a qualified name " + QUALIFIED_NAME_CHARS + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > QUALIFIED_NAME_MAX) {
            errs.add("name part " + maxLenMsg(QUALIFIED_NAME_MAX));
        }
        if (!isQualifiedNamePart(name)) {
            errs.add("name part " + QUALIFIED_NAME_CHARS);
        }
        return errs;
    }

    public static List<String> labelValue(String value) {
        List<String> errs = new ArrayList<>(2);
        if (value.length() > LABEL_VALUE_MAX) errs.add(maxLenMsg(LABEL_VALUE_MAX));
        if (!value.isEmpty() && !isQualifiedNamePart(value)) errs.add(LABEL_VALUE_MSG);
        return errs;
    }

    /** Upstream's IsValidPortName: an IANA_SVC_NAME. */
    public static List<String> portName(String port) {
        List<String> errs = new ArrayList<>(2);
        if (port.length() > 15) errs.add(maxLenMsg(15));
        if (!IANA_SVC_NAME_CHARS.matcher(port).matches()) errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        if (!IANA_SVC_NAME_LETTER.matcher(port).find()) errs.add("must contain at least one letter (a-z)");
        if (port.contains("--")) errs.add("must not contain consecutive hyphens");
        if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
            errs.add("must not begin or end with a hyphen");
        }
        return errs;
    }

    /** 1.32's relaxed rule (RelaxedEnvironmentVariableValidation, beta and on): printable ASCII except '='. */
    public static List<String> envVarName(String value) {
        List<String> errs = new ArrayList<>(1);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c > '~' || c == '=') {
                errs.add("a valid environment variable name must consist only of printable ASCII characters other than '='");
                break;
            }
        }
        return errs;
    }

    /** Keys of ConfigMap and Secret data. */
    public static List<String> configMapKey(String value) {
        List<String> errs = new ArrayList<>(2);
        if (value.length() > DNS1123_SUBDOMAIN_MAX) errs.add(maxLenMsg(DNS1123_SUBDOMAIN_MAX));
        if (!CONFIG_MAP_KEY.matcher(value).matches()) errs.add(CONFIG_MAP_KEY_MSG);
        if (value.equals(".")) errs.add("must not be '.'");
        else if (value.equals("..")) errs.add("must not be '..'");
        else if (value.startsWith("..")) errs.add("must not start with '..'");
        return errs;
    }

    public static List<String> cIdentifier(String value) {
        return C_IDENTIFIER.matcher(value).matches() ? List.of() : List.of(C_IDENTIFIER_MSG);
    }

    /** Upstream's IsValidPathSegmentName (event names): usable as one URL path segment. */
    public static List<String> pathSegmentName(String name, boolean prefix) {
        List<String> errs = new ArrayList<>(1);
        if (!prefix && (name.equals(".") || name.equals(".."))) {
            errs.add("may not be '" + name + "'");
        }
        if (name.contains("/")) errs.add("may not contain '/'");
        if (name.contains("%")) errs.add("may not contain '%'");
        return errs;
    }

    /** A generateName prefix may end in '-': upstream masks it before checking. */
    static String maskTrailingDash(String name) {
        if (name.length() > 1 && name.endsWith("-")) return name.substring(0, name.length() - 1) + "a";
        return name;
    }

    /** Name rules per resource, as upstream's ValidateNameFunc (prefix = checking a generateName). */
    @FunctionalInterface
    public interface NameRule {
        List<String> check(String name, boolean prefix);

        NameRule DNS_SUBDOMAIN = (n, p) -> dns1123Subdomain(p ? maskTrailingDash(n) : n);
        NameRule DNS_LABEL = (n, p) -> dns1123Label(p ? maskTrailingDash(n) : n);
        NameRule PATH_SEGMENT = NameValidation::pathSegmentName;
    }
}
