package dev.beluga.cri.images;

import java.nio.file.Path;
import java.util.List;

/** What importing one archive into containerd gave. */
public sealed interface ImportOutcome {
    Path archive();

    /** Imported; {@code names} are the images containerd now has from it. */
    record Imported(Path archive, List<String> names) implements ImportOutcome {
        public Imported {
            names = List.copyOf(names);
        }
    }

    /** Not imported; {@code reason} says why, ready for the user. */
    record Failed(Path archive, String reason) implements ImportOutcome {}
}
