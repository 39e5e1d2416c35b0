package dev.beluga.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token of the cluster administrator: 256 random bits, made once and kept in an
 * owner-only file so kubeconfig files stay valid across restarts. Delete the file and restart to
 * rotate it.
 */
record AdminToken(String value) {
    static final String USER = "admin";
    private static final SecureRandom RANDOM = new SecureRandom();

    AdminToken {
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a token is one word");
        }
    }

    static AdminToken loadOrCreate(Path file) {
        if (Files.exists(file)) {
            try {
                String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (text.isEmpty()) {
                    throw new CommandFailure(file + " is empty; delete it to have a new token made");
                }
                return new AdminToken(text);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(file + " does not hold one token; delete it to have a new one made");
            }
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        AdminToken token = new AdminToken(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        AtomicFile.write(file, (token.value() + "\n").getBytes(StandardCharsets.US_ASCII), AtomicFile.OWNER_READ_WRITE);
        return token;
    }

    /** Never print the secret by accident. */
    @Override
    public String toString() {
        return "AdminToken[redacted]";
    }
}
