package dev.beluga.api.admission;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's resource.ParseQuantity acceptance rules, applied to the text a client sent. fabric8's own
 * parser is both stricter (it throws while decoding) and laxer than upstream, so decoding keeps the raw
 * text (see Json) and this class decides, with upstream's messages.
 */
public final class QuantityValidation {
    public static final String FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public static final String SUFFIX_WRONG = "unable to parse quantity's suffix";
    private static final String SUFFIX_CHARS = "eEinumkKMGTP";

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")), Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    private QuantityValidation() {}

    /** The text as the client wrote it (fabric8 splits it into amount and format). */
    public static String text(Quantity q) {
        if (q == null) return "";
        String amount = q.getAmount() == null ? "" : q.getAmount();
        return q.getFormat() == null ? amount : amount + q.getFormat();
    }

    /** The value upstream would parse, or empty when it would refuse the text (see {@link #problem}). */
    public static Optional<BigDecimal> value(String s) {
        Parsed p = parse(s);
        return p.error.isEmpty() ? Optional.of(p.value) : Optional.empty();
    }

    /** Upstream's parse error for the text, or "" when it parses. */
    public static String problem(String s) {
        return parse(s).error;
    }

    private record Parsed(BigDecimal value, String error) {}

    private static Parsed parse(String str) {
        int end = str.length();
        if (end == 0) return new Parsed(BigDecimal.ZERO, FORMAT_WRONG);
        int pos = 0;
        boolean negative = false;
        if (str.charAt(0) == '-') {
            negative = true;
            pos++;
        } else if (str.charAt(0) == '+') {
            pos++;
        }
        int numStart = pos;
        while (pos < end && isDigit(str.charAt(pos))) pos++;
        String num = str.substring(numStart, pos);
        String denom = "";
        if (pos < end && str.charAt(pos) == '.') {
            pos++;
            int denomStart = pos;
            while (pos < end && isDigit(str.charAt(pos))) pos++;
            denom = str.substring(denomStart, pos);
        }
        int suffixStart = pos;
        while (pos < end && SUFFIX_CHARS.indexOf(str.charAt(pos)) >= 0) pos++;
        if (pos < end && (str.charAt(pos) == '-' || str.charAt(pos) == '+')) pos++;
        while (pos < end && isDigit(str.charAt(pos))) pos++;
        if (pos < end) return new Parsed(BigDecimal.ZERO, FORMAT_WRONG);
        String suffix = str.substring(suffixStart);

        BigDecimal magnitude = new BigDecimal((num.isEmpty() ? "0" : num) + (denom.isEmpty() ? "" : "." + denom));
        BigDecimal multiplier = SUFFIXES.get(suffix);
        BigDecimal value;
        if (multiplier != null) {
            value = magnitude.multiply(multiplier);
        } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            int exponent;
            try {
                exponent = Integer.parseInt(suffix.substring(1));
            } catch (NumberFormatException e) {
                return new Parsed(BigDecimal.ZERO, SUFFIX_WRONG);
            }
            value = magnitude.scaleByPowerOfTen(exponent);
        } else {
            return new Parsed(BigDecimal.ZERO, SUFFIX_WRONG);
        }
        return new Parsed(negative ? value.negate() : value, "");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
