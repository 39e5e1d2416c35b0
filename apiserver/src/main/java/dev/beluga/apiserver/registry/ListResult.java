package dev.beluga.apiserver.registry;

import java.util.List;

/** A page of stored objects (each already JSON with its resourceVersion), the list's revision and the next page's token. */
public record ListResult(List<byte[]> items, long revision, String continueToken) {}
