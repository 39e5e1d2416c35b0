package dev.beluga.apiserver.registry;

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
}
