package dev.beluga.sim;

/** Docker's reference normalization, as containerd reports image names: busybox:1.35 → docker.io/library/busybox:1.35. */
final class ImageNames {
    private ImageNames() {}

    static String normalize(String image) {
        String name = image;
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (!hasRegistry) name = (slash < 0 ? "docker.io/library/" : "docker.io/") + name;
        int lastSlash = name.lastIndexOf('/');
        boolean tagged = name.indexOf(':', lastSlash) >= 0 || name.contains("@");
        return tagged ? name : name + ":latest";
    }

    /** The repository part (no tag, no digest). */
    static String repository(String normalized) {
        int at = normalized.indexOf('@');
        String n = at >= 0 ? normalized.substring(0, at) : normalized;
        int colon = n.lastIndexOf(':');
        return colon > n.lastIndexOf('/') ? n.substring(0, colon) : n;
    }
}
