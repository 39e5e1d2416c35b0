package dev.beluga.cri.images;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** A tar read back for assertions: every entry by name, with its content. */
record TarContents(Map<String, TarArchiveEntry> entries, Map<String, byte[]> contents) {
    static TarContents of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    static TarContents ofGzip(byte[] gzip) throws IOException {
        return read(new GZIPInputStream(new ByteArrayInputStream(gzip)));
    }

    private static TarContents read(InputStream in) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
                contents.put(entry.getName(), tar.readAllBytes());
            }
        }
        return new TarContents(entries, contents);
    }

    byte[] content(String name) {
        byte[] bytes = contents.get(name);
        if (bytes == null) {
            throw new AssertionError("no entry " + name + " in " + entries.keySet());
        }
        return bytes;
    }
}
