package dev.beluga.cri.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes an image as an OCI image-layout tar archive, the format {@code ctr images import} reads:
 * {@code oci-layout}, {@code index.json} naming the manifest once per image name, and
 * {@code blobs/sha256/} holding the manifest, the config and one gzip'ed layer.
 *
 * <p>The output is deterministic: every tar entry has a fixed mtime and root ownership and no user
 * or group names, and JSON keys are written in a fixed order, so the same definition always gives
 * the same digests (an unchanged image is not re-imported as a new one).
 */
public final class OciImageBuilder {
    public static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** The OCI annotation for an image's reference. */
    public static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";
    /** containerd's annotation: its importer names the image with it as given, without a prefix. */
    public static final String CONTAINERD_NAME_ANNOTATION = "io.containerd.image.name";
    /** The mtime of every entry, layer and archive alike; any fixed instant keeps digests stable. */
    public static final Instant FIXED_MTIME = Instant.EPOCH;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FILE_TYPE = 0100000;
    private static final int DIRECTORY_TYPE = 0040000;
    private static final int SYMLINK_TYPE = 0120000;

    /** Writes {@code image} to {@code archive} (replacing it atomically, so a reader never sees half an archive). */
    public BuiltImage write(ImageDefinition image, Path archive) {
        byte[] layerTar = layerTar(image.layer());
        byte[] layer = gzip(layerTar);
        String diffId = digest(layerTar);
        String layerDigest = digest(layer);
        byte[] config = json(configJson(image.config(), diffId));
        String configDigest = digest(config);
        byte[] manifest = json(manifestJson(configDigest, config.length, layerDigest, layer.length));
        String manifestDigest = digest(manifest);
        byte[] index = json(indexJson(image.names(), manifestDigest, manifest.length));

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", json(ordered("imageLayoutVersion", "1.0.0")));
        files.put("index.json", index);
        files.put(blobPath(manifestDigest), manifest);
        files.put(blobPath(configDigest), config);
        files.put(blobPath(layerDigest), layer);
        writeAtomically(archive, out -> writeLayoutTar(files, out));
        return new BuiltImage(archive, image.names(), manifestDigest, configDigest, layerDigest, diffId);
    }

    /** The uncompressed layer tar (its sha256 is the layer's diff_id). */
    static byte[] layerTar(List<LayerEntry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = tarStream(bytes)) {
            for (LayerEntry entry : entries) {
                switch (entry) {
                    case LayerEntry.Directory d -> {
                        TarArchiveEntry e = entry(d.path() + "/", TarConstants.LF_DIR);
                        e.setMode(DIRECTORY_TYPE | d.mode());
                        put(tar, e, new byte[0]);
                    }
                    case LayerEntry.RegularFile f -> {
                        TarArchiveEntry e = entry(f.path(), TarConstants.LF_NORMAL);
                        e.setMode(FILE_TYPE | f.mode());
                        byte[] content = f.content();
                        e.setSize(content.length);
                        put(tar, e, content);
                    }
                    case LayerEntry.HardLink l -> {
                        TarArchiveEntry e = entry(l.path(), TarConstants.LF_LINK);
                        e.setLinkName(l.target());
                        e.setMode(FILE_TYPE | 0755);
                        put(tar, e, new byte[0]);
                    }
                    case LayerEntry.SymbolicLink l -> {
                        TarArchiveEntry e = entry(l.path(), TarConstants.LF_SYMLINK);
                        e.setLinkName(l.target());
                        e.setMode(SYMLINK_TYPE | 0777);
                        put(tar, e, new byte[0]);
                    }
                }
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, Object> configJson(ImageConfig config, String diffId) {
        Map<String, Object> runtime = new LinkedHashMap<>();
        config.user().ifPresent(user -> runtime.put("User", user));
        runtime.put("Env", config.env());
        if (!config.entrypoint().isEmpty()) {
            runtime.put("Entrypoint", config.entrypoint());
        }
        if (!config.cmd().isEmpty()) {
            runtime.put("Cmd", config.cmd());
        }
        runtime.put("WorkingDir", config.workingDir());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created", FIXED_MTIME.toString());
        json.put("architecture", "amd64");
        json.put("os", "linux");
        json.put("config", runtime);
        json.put("rootfs", ordered("type", "layers", "diff_ids", List.of(diffId)));
        json.put("history", List.of(ordered("created", FIXED_MTIME.toString(), "created_by", "beluga OciImageBuilder")));
        return json;
    }

    private static Map<String, Object> manifestJson(String configDigest, long configSize, String layerDigest, long layerSize) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", 2);
        json.put("mediaType", MANIFEST_MEDIA_TYPE);
        json.put("config", descriptor(CONFIG_MEDIA_TYPE, configDigest, configSize));
        json.put("layers", List.of(descriptor(LAYER_MEDIA_TYPE, layerDigest, layerSize)));
        return json;
    }

    /** One manifest entry per name: containerd's importer creates one image per annotated entry. */
    private static Map<String, Object> indexJson(List<String> names, String manifestDigest, long manifestSize) {
        List<Object> manifests = new ArrayList<>();
        for (String name : names) {
            Map<String, Object> entry = descriptor(MANIFEST_MEDIA_TYPE, manifestDigest, manifestSize);
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(CONTAINERD_NAME_ANNOTATION, name);
            annotations.put(REF_NAME_ANNOTATION, name);
            entry.put("annotations", annotations);
            Map<String, String> platform = new LinkedHashMap<>();
            platform.put("architecture", "amd64");
            platform.put("os", "linux");
            entry.put("platform", platform);
            manifests.add(entry);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", 2);
        json.put("mediaType", INDEX_MEDIA_TYPE);
        json.put("manifests", manifests);
        return json;
    }

    /** A map that keeps its keys in the order given (Map.of's order changes from run to run). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mediaType", mediaType);
        json.put("digest", digest);
        json.put("size", size);
        return json;
    }

    private static void writeLayoutTar(Map<String, byte[]> files, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = tarStream(out);
        for (String dir : List.of("blobs/", "blobs/sha256/")) {
            TarArchiveEntry e = entry(dir, TarConstants.LF_DIR);
            e.setMode(DIRECTORY_TYPE | 0755);
            put(tar, e, new byte[0]);
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            TarArchiveEntry e = entry(file.getKey(), TarConstants.LF_NORMAL);
            e.setMode(FILE_TYPE | 0644);
            e.setSize(file.getValue().length);
            put(tar, e, file.getValue());
        }
        tar.finish();
        tar.flush();
    }

    private static TarArchiveOutputStream tarStream(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }

    private static TarArchiveEntry entry(String name, byte type) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setModTime(FIXED_MTIME.toEpochMilli());
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        return e;
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, byte[] content) throws IOException {
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** gzip with the JDK's fixed header (mtime 0), so the compressed blob is as stable as the tar. */
    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String digest(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String blobPath(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings, numbers and lists always serialize", e);
        }
    }

    private interface ArchiveWriter {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path archive, ArchiveWriter writer) {
        Path target = archive.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
            try {
                try (OutputStream out = Files.newOutputStream(partial)) {
                    writer.write(out);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image archive " + target + ": " + e.getMessage(), e);
        }
    }
}
