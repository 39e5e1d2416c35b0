package dev.beluga.kubelet.pod;

import dev.beluga.kubelet.runtime.KeyValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Upstream's {@code $(VAR)} expansion (third_party/forked/golang/expansion): {@code $(NAME)} becomes
 * what the mapping gives for NAME, {@code $$} a literal {@code $}; any other {@code $}, and an
 * unclosed {@code $(}, stay as written. Pure. Used for env values, command and args, and subPathExpr,
 * which differ only in their mapping.
 */
public final class VariableExpansion {
    private VariableExpansion() {}

    public static String expand(String input, UnaryOperator<String> mapping) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < input.length(); i++) {
            char ch = input.charAt(i);
            if (ch == '$' && i + 1 < input.length()) {
                char next = input.charAt(i + 1);
                if (next == '$') {
                    out.append('$');
                    i++;
                    continue;
                }
                int close = next == '(' ? input.indexOf(')', i + 2) : -1;
                if (close > 0) {
                    out.append(mapping.apply(input.substring(i + 2, close)));
                    i = close;
                    continue;
                }
            }
            out.append(ch);
        }
        return out.toString();
    }

    /** Upstream's MappingFuncFor: a known variable's value; an unknown reference stays as written. */
    public static UnaryOperator<String> keepingUnknown(Map<String, String> values) {
        return name -> values.containsKey(name) ? values.get(name) : "$(" + name + ")";
    }

    /** Upstream's EnvVarsToMap: by name, a later variable over an earlier one of the same name. */
    public static Map<String, String> byName(List<KeyValue> env) {
        Map<String, String> values = new HashMap<>();
        for (KeyValue kv : env) values.put(kv.key(), kv.value());
        return values;
    }
}
