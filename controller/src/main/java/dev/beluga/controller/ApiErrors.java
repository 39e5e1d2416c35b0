package dev.beluga.controller;

import dev.beluga.api.errors.StatusException;

/** Upstream's apierrors predicates the controllers branch on. */
public final class ApiErrors {
    private ApiErrors() {}

    public static boolean isNotFound(Exception e) {
        return e instanceof StatusException s && s.code() == 404;
    }

    public static boolean isAlreadyExists(Exception e) {
        return e instanceof StatusException s && s.code() == 409 && "AlreadyExists".equals(s.reason());
    }

    public static boolean isConflict(Exception e) {
        return e instanceof StatusException s && s.code() == 409 && "Conflict".equals(s.reason());
    }

    /**
     * The namespace is being deleted: every create will fail, so there is nothing to retry.
     * Upstream marks this with a NamespaceTerminating cause; the message is the same either way.
     */
    public static boolean isNamespaceTerminating(Exception e) {
        if (!(e instanceof StatusException s)) return false;
        if (s.status().getDetails() != null && s.status().getDetails().getCauses() != null
                && s.status().getDetails().getCauses().stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()))) {
            return true;
        }
        return s.code() == 403 && s.getMessage() != null && s.getMessage().contains("because it is being terminated");
    }
}
