package dev.beluga.apiserver.registry;

import dev.beluga.api.errors.FieldError;
import dev.beluga.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import java.util.List;
import java.util.Optional;

/**
 * DeleteOptions as the registry needs them.
 *
 * @param gracePeriodSeconds  empty = the object's default (pods: terminationGracePeriodSeconds)
 * @param propagation         Orphan, Background or Foreground; empty = Background
 * @param preconditionUid     the delete applies only to this uid
 * @param preconditionVersion the delete applies only at this resourceVersion
 */
public record DeleteRequest(Optional<Long> gracePeriodSeconds, Optional<Propagation> propagation, Optional<String> preconditionUid,
                            Optional<String> preconditionVersion, boolean dryRun) {
    public enum Propagation { ORPHAN, BACKGROUND, FOREGROUND }

    public static final DeleteRequest DEFAULT = new DeleteRequest(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

    /** From a meta/v1 DeleteOptions object; an unknown propagationPolicy or dryRun value is refused as upstream refuses it. */
    public static DeleteRequest from(DeleteOptions options) {
        if (options == null) return DEFAULT;
        Optional<Propagation> propagation = Optional.empty();
        if (options.getPropagationPolicy() != null && !options.getPropagationPolicy().isEmpty()) {
            propagation = Optional.of(propagation(options.getPropagationPolicy()));
        } else if (Boolean.TRUE.equals(options.getOrphanDependents())) {
            propagation = Optional.of(Propagation.ORPHAN);
        }
        Optional<String> uid = Optional.empty();
        Optional<String> rv = Optional.empty();
        if (options.getPreconditions() != null) {
            uid = Optional.ofNullable(options.getPreconditions().getUid());
            rv = Optional.ofNullable(options.getPreconditions().getResourceVersion());
        }
        boolean dryRun = false;
        for (String d : options.getDryRun() == null ? List.<String>of() : options.getDryRun()) {
            if (!d.equals("All")) throw StatusException.badRequest("Invalid dry run value: " + d + ", supported values: All");
            dryRun = true;
        }
        return new DeleteRequest(Optional.ofNullable(options.getGracePeriodSeconds()), propagation, uid, rv, dryRun);
    }

    public static Propagation propagation(String policy) {
        return switch (policy) {
            case "Orphan" -> Propagation.ORPHAN;
            case "Background" -> Propagation.BACKGROUND;
            case "Foreground" -> Propagation.FOREGROUND;
            default -> throw StatusException.invalid("", "DeleteOptions", "", List.of(FieldError.notSupported(
                    "propagationPolicy", policy, List.of("Foreground", "Background", "Orphan"))));
        };
    }
}
