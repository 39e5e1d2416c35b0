package dev.beluga.storage.etcd;

import dev.beluga.storage.StorageException;
import dev.beluga.storage.Utf8KeyOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where the SPI's keys live in etcd. The SPI's keys are upstream's ({@code /registry/pods/ns/name}); the
 * configured prefix replaces the leading {@code /registry}, as kube-apiserver's {@code --etcd-prefix} does.
 *
 * <p>The mapping is one prefix substitution, {@code spiRoot → etcdRoot}, so it is one-to-one and keeps
 * UTF-8 byte order (pages and ranges map straight across):
 * <ul>
 *   <li>a prefix ending in {@code /registry} (the default, or e.g. {@code /cluster-a/registry}) keeps every
 *       key whole below what comes before {@code /registry}: {@code /registry/pods/a → /cluster-a/registry/pods/a},
 *       and keys outside {@code /registry} (tests use {@code /a/x}) go to {@code /cluster-a/a/x}; with the
 *       default prefix every key is stored exactly as given;</li>
 *   <li>any other prefix (e.g. {@code /cluster-b}) holds only keys starting with {@code /registry}:
 *       {@code /registry/pods/a → /cluster-b/pods/a}; another key cannot be stored there and is refused.</li>
 * </ul>
 * Everything the store reads or watches under the SPI prefix {@code ""} is the etcd range of {@code etcdRoot},
 * so a cluster sharing one etcd with others needs a prefix of its own (with the default prefix that range is
 * all of etcd).
 */
record KeyLayout(String spiRoot, String etcdRoot) {
    static final String REGISTRY = "/registry";
    private static final byte[] NO_END = {0};

    static KeyLayout of(String prefix) {
        if (prefix.endsWith(REGISTRY)) {
            return new KeyLayout("", prefix.substring(0, prefix.length() - REGISTRY.length()));
        }
        return new KeyLayout(REGISTRY, prefix);
    }

    /** The etcd key of an SPI key. @throws StorageException when this layout cannot hold the key */
    byte[] toEtcd(String key) {
        if (!key.startsWith(spiRoot) || !separated(key.substring(spiRoot.length()))) {
            throw new StorageException("key " + key + " is outside " + spiRoot + ", the only keys etcd prefix " + etcdRoot + " holds");
        }
        return utf8(etcdRoot + key.substring(spiRoot.length()));
    }

    /**
     * Below a non-empty etcd root only keys continuing with "/" are this layout's: {@code /cluster-1} must not
     * reach {@code /cluster-10/...}, another cluster's keys.
     */
    private boolean separated(String tail) {
        return etcdRoot.isEmpty() || tail.startsWith("/");
    }

    /** The SPI key of an etcd key read from this layout's range. */
    String fromEtcd(byte[] key) {
        String k = new String(key, StandardCharsets.UTF_8);
        return spiRoot + k.substring(etcdRoot.length());
    }

    /**
     * The etcd range {@code [from, end)} holding the SPI keys under {@code prefix} that sort after {@code startAfter}
     * ("" = from the start); empty when no key can be both.
     */
    Optional<Range> range(String prefix, String startAfter) {
        Range whole;
        String tail = prefix.startsWith(spiRoot) ? prefix.substring(spiRoot.length()) : "";
        if (prefix.startsWith(spiRoot) && !tail.isEmpty()) {
            if (!separated(tail)) {
                return Optional.empty(); // e.g. /registryX under /cluster-b: no key of this layout starts so
            }
            whole = Range.prefixed(utf8(etcdRoot + tail));
        } else if (spiRoot.startsWith(prefix)) {
            // Every key this layout holds; ranging on the root plus "/" keeps /cluster-1 out of /cluster-10.
            whole = Range.prefixed(utf8(etcdRoot.isEmpty() ? "" : etcdRoot + "/"));
        } else {
            throw new StorageException("prefix " + prefix + " is outside " + spiRoot + ", the only keys etcd prefix " + etcdRoot + " holds");
        }
        if (startAfter.isEmpty()) {
            return Optional.of(whole);
        }
        if (startAfter.startsWith(spiRoot)) {
            byte[] after = utf8(etcdRoot + startAfter.substring(spiRoot.length()) + "\0");
            return whole.from(after);
        }
        // startAfter sorts wholly before or after this layout's keys: before leaves the range whole, after empties it.
        return Utf8KeyOrder.INSTANCE.compare(startAfter, spiRoot) < 0 ? Optional.of(whole) : Optional.empty();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An etcd key range; {@code end} {@code \0} means "to the end of the key space", as etcd's range_end. */
    record Range(byte[] from, byte[] end) {
        static Range prefixed(byte[] prefix) {
            return new Range(prefix.length == 0 ? NO_END.clone() : prefix, prefixEnd(prefix));
        }

        /** This range starting at {@code key} instead, when that is later; empty when nothing is left. */
        Optional<Range> from(byte[] key) {
            if (Arrays.compareUnsigned(key, from) <= 0) {
                return Optional.of(this);
            }
            if (!isOpenEnded() && Arrays.compareUnsigned(key, end) >= 0) {
                return Optional.empty();
            }
            return Optional.of(new Range(key, end));
        }

        boolean isOpenEnded() {
            return end.length == 1 && end[0] == 0;
        }

        boolean contains(byte[] key) {
            return Arrays.compareUnsigned(key, from) >= 0 && (isOpenEnded() || Arrays.compareUnsigned(key, end) < 0);
        }

        boolean sameAs(Range other) {
            return Arrays.equals(from, other.from) && Arrays.equals(end, other.end);
        }

        /** All of etcd. */
        static Range everything() {
            return new Range(NO_END.clone(), NO_END.clone());
        }

        /** The smallest key greater than every key starting with {@code prefix} (etcd's clientv3.GetPrefixRangeEnd). */
        static byte[] prefixEnd(byte[] prefix) {
            for (int i = prefix.length - 1; i >= 0; i--) {
                if (prefix[i] != (byte) 0xff) {
                    byte[] end = Arrays.copyOf(prefix, i + 1);
                    end[i]++;
                    return end;
                }
            }
            return NO_END.clone();
        }
    }
}
