package dev.beluga.kubelet.runtime;

/** A running event stream; closing it stops delivery. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
