package dev.beluga.kubelet.runtime;

/** CRI KeyValue: one environment variable. */
public record KeyValue(String key, String value) {}
