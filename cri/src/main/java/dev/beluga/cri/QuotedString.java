package dev.beluga.cri;

/**
 * A string literal for the generated configs: JSON strings (the CNI conflist) and TOML basic strings
 * (containerd's config.toml) escape the same way — quote, backslash, and control characters as \\uXXXX.
 */
final class QuotedString {
    private QuotedString() {}

    static String of(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
