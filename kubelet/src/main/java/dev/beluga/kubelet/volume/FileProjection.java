package dev.beluga.kubelet.volume;

import java.util.Arrays;

/** One file of a configMap, secret, downwardAPI or projected volume: its bytes and permission bits. */
public record FileProjection(byte[] data, int mode) {
    public FileProjection {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    boolean sameContent(byte[] other) {
        return Arrays.equals(data, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileProjection f && f.mode == mode && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + mode;
    }

    @Override
    public String toString() {
        return "FileProjection[" + data.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
    }
}
