package dev.beluga.apiserver;

import java.security.KeyStore;

/** The serving certificate and key, as a key store holding one private-key entry. */
public record TlsIdentity(KeyStore keyStore, char[] password) {}
