package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import java.util.List;

/** Relative paths that must stay inside a volume (upstream's validateLocalDescendingPath and validateLocalNonReservedPath). */
final class LocalPaths {
    private LocalPaths() {}

    static void descending(String p, String path, List<FieldError> errs) {
        if (p.startsWith("/")) errs.add(FieldError.invalid(path, p, "must be a relative path"));
        noBacksteps(p, path, errs);
    }

    static void noBacksteps(String p, String path, List<FieldError> errs) {
        for (String part : p.split("[/\\\\]")) {
            if (part.equals("..")) {
                errs.add(FieldError.invalid(path, p, "must not contain '..'"));
                return;
            }
        }
    }

    static void nonReserved(String p, String path, List<FieldError> errs) {
        descending(p, path, errs);
        if (p.startsWith("..")) errs.add(FieldError.invalid(path, p, "must not start with '..'"));
    }
}
