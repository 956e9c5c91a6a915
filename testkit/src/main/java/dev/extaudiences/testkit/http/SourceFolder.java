package dev.extaudiences.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The files of one rule: a folder of its own in the landing zone of one org and sandbox, so that rules and passes
 * never read each other's files. Files are CSV text; a file given no modification time is stamped a while ago (and
 * later than the file dropped at its place before), so that a run started now reads it whatever the skew between the
 * kit's clock and the implementation's.
 */
public final class SourceFolder {

    /** How long before now a file is stamped when the rule does not care when: well inside any run's window. */
    private static final Duration A_WHILE_AGO = Duration.ofMinutes(10);
    /** The last stamp given to each place, so that a file rewritten there always looks newer than before. */
    private static final Map<String, Instant> LAST_STAMPS = new ConcurrentHashMap<>();

    private final FileDrop drop;
    private final String orgId;
    private final String sandbox;
    private final String folder;

    private SourceFolder(FileDrop drop, String orgId, String sandbox, String folder) {
        this.drop = drop;
        this.orgId = orgId;
        this.sandbox = sandbox;
        this.folder = folder;
    }

    /** A fresh folder for the rule, in the landing zone of the client's org and sandbox; skips the rule without a drop. */
    public static SourceFolder of(ApiClient api, String rule) {
        FileDrop drop = Needs.fileDrop(api.target());
        return new SourceFolder(drop, api.target().orgId(), api.target().sandbox(),
                "conformance/" + rule.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The same folder in the landing zone of another client's org and sandbox. */
    public SourceFolder in(ApiClient other) {
        return new SourceFolder(drop, other.target().orgId(), other.target().sandbox(), folder);
    }

    /** The folder's path, as an audience's {@code sourceSpec.path} names it. */
    public String path() {
        return folder;
    }

    /** The path of a file in the folder. */
    public String path(String name) {
        return folder + "/" + name;
    }

    /** Drops a CSV file, stamped a while ago; answers its path. */
    public String place(String name, String csv) {
        return place(name, csv.getBytes(StandardCharsets.UTF_8), aWhileAgo(name));
    }

    /** Drops a CSV file modified at {@code modifiedAt} (the drop sets it: see {@link Needs#modificationTimes}). */
    public String place(String name, String csv, Instant modifiedAt) {
        return place(name, csv.getBytes(StandardCharsets.UTF_8), modifiedAt);
    }

    /** Drops a gzip-compressed CSV file, stamped a while ago. */
    public String placeGzip(String name, String csv) {
        return place(name, gzip(csv.getBytes(StandardCharsets.UTF_8)), aWhileAgo(name));
    }

    private String place(String name, byte[] content, Instant modifiedAt) {
        String path = path(name);
        drop.place(orgId, sandbox, path, content, modifiedAt);
        return path;
    }

    /** A while ago, and after the last stamp given to the same place: a file rewritten there looks newer. */
    private Instant aWhileAgo(String name) {
        Instant now = Instant.now().minus(A_WHILE_AGO).truncatedTo(ChronoUnit.SECONDS);
        return LAST_STAMPS.merge(orgId + "/" + sandbox + "/" + path(name), now,
                (last, fresh) -> fresh.isAfter(last) ? fresh : last.plusSeconds(1));
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
            out.write(content);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return compressed.toByteArray();
    }

    @Override
    public String toString() {
        return folder + " in " + drop + " (org " + orgId + ", sandbox " + sandbox + ")";
    }
}
