package dev.extaudiences.testkit.source;

import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.ReadNotice;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceCheck;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceRecord;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Source files a test writes by hand, already split into a header and rows, per scope: lets the engine's rules be
 * specified without any file system or CSV library. A path can also be made to fail like a broken storage, to change
 * after its listing or while it is read (its state then says so, as a real storage's would), or to end without a
 * line end.
 */
public final class ScriptedSourceFiles implements SourceFiles {

    private record Key(TenantScope scope, String path) {
    }

    private record Content(Instant modifiedAt, List<String> header, List<List<String>> rows,
                           Optional<Integer> truncatedAfter, boolean unterminated) {

        Content(Instant modifiedAt, List<String> header, List<List<String>> rows) {
            this(modifiedAt, List.copyOf(header), List.copyOf(rows), Optional.empty(), false);
        }

        /** The bytes the file would have as CSV: what a listing and a state compare. */
        long size() {
            long size = lineBytes(header);
            for (List<String> row : rows) {
                size += lineBytes(row);
            }
            return unterminated ? size - 1 : size;
        }

        /** The bytes of one line of the file, its line end included. */
        static long lineBytes(List<String> values) {
            return String.join(",", values).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        }

        SourceFile listed(String path) {
            return new SourceFile(path, modifiedAt, size());
        }
    }

    private final Map<Key, Content> files = new ConcurrentHashMap<>();
    private final Map<Key, String> brokenStorage = new ConcurrentHashMap<>();
    private final Map<Key, Content> rewrites = new ConcurrentHashMap<>();

    public ScriptedSourceFiles file(TenantScope scope, String path, Instant modifiedAt, List<String> header,
                                    List<List<String>> rows) {
        files.put(new Key(scope, path), new Content(modifiedAt, header, rows));
        rewrites.remove(new Key(scope, path));
        return this;
    }

    /**
     * Once {@code afterRows} of the file's rows have been read, it is cut there, as a file truncated under its reader:
     * the reading ends, and the file's size and modification time are no longer its listing's.
     */
    public ScriptedSourceFiles truncateWhileRead(TenantScope scope, String path, int afterRows) {
        files.computeIfPresent(new Key(scope, path), (key, content) -> new Content(content.modifiedAt(),
                content.header(), content.rows(), Optional.of(afterRows), content.unterminated()));
        return this;
    }

    /** Right after its next listing, the file is rewritten with {@code rows}: it is read so, not as it was listed. */
    public ScriptedSourceFiles rewriteAfterListing(TenantScope scope, String path, Instant modifiedAt,
                                                   List<List<String>> rows) {
        Content content = files.get(new Key(scope, path));
        rewrites.put(new Key(scope, path), new Content(modifiedAt, content.header(), rows));
        return this;
    }

    /** The file's last line has no line end, while the lines before it have one. */
    public ScriptedSourceFiles unterminatedLastLine(TenantScope scope, String path) {
        files.computeIfPresent(new Key(scope, path), (key, content) -> new Content(content.modifiedAt(),
                content.header(), content.rows(), content.truncatedAfter(), true));
        return this;
    }

    /** The bytes the file at {@code path} has now, as a listing gives them. */
    public long sizeOf(TenantScope scope, String path) {
        return files.get(new Key(scope, path)).size();
    }

    /** Listing or reading anything under {@code path} fails as a storage failure would. */
    public ScriptedSourceFiles breakStorage(TenantScope scope, String path) {
        brokenStorage.put(new Key(scope, path), path);
        return this;
    }

    @Override
    public SourceCheck check(TenantScope scope, SourceSpec spec) {
        return new SourceCheck.Readable();
    }

    @Override
    public List<SourceFile> list(TenantScope scope, SourceSpec spec) throws SourceException {
        String path = spec.path().value();
        if (brokenStorage.containsKey(new Key(scope, path))) {
            throw new SourceException(SourceException.Kind.STORAGE_FAILURE, "the storage did not answer for " + path);
        }
        List<SourceFile> found = new ArrayList<>();
        files.forEach((key, content) -> {
            boolean match = spec.kind() == SourceKind.FILE ? key.path().equals(path)
                    : key.path().startsWith(path + "/") && key.path().indexOf('/', path.length() + 1) < 0;
            if (key.scope().equals(scope) && match) {
                found.add(content.listed(key.path()));
            }
        });
        found.forEach(listed -> {
            Content rewrite = rewrites.remove(new Key(scope, listed.path()));
            if (rewrite != null) {
                files.put(new Key(scope, listed.path()), rewrite);
            }
        });
        if (found.isEmpty() && spec.kind() == SourceKind.FILE) {
            throw new SourceException(SourceException.Kind.MISSING, "path '" + path + "' does not exist");
        }
        return found;
    }

    @Override
    public RecordStream open(TenantScope scope, SourceSpec spec, SourceFile file) throws SourceException {
        Content content = files.get(new Key(scope, file.path()));
        if (content == null) {
            throw new SourceException(SourceException.Kind.MISSING, "file '" + file.path() + "' does not exist");
        }
        Key key = new Key(scope, file.path());
        Iterator<List<String>> rows = content.rows().iterator();
        return new RecordStream() {
            private long line = 1;
            private int read;
            private boolean ended;
            // as a storage counts them: the header is read when the file is opened, a row when it is returned
            private long bytes = Content.lineBytes(content.header())
                    - (content.unterminated() && content.rows().isEmpty() ? 1 : 0);

            @Override
            public List<String> header() {
                return content.header();
            }

            @Override
            public Optional<SourceRecord> next() {
                if (content.truncatedAfter().isPresent() && read == content.truncatedAfter().get()) {
                    // cut under the reader: what is left ends here, and the file is smaller and newer than listed
                    files.put(key, new Content(content.modifiedAt().plusSeconds(1), content.header(),
                            content.rows().subList(0, read)));
                }
                if (!rows.hasNext() || content.truncatedAfter().isPresent() && read >= content.truncatedAfter().get()) {
                    ended = true;
                    return Optional.empty();
                }
                read++;
                List<String> values = rows.next();
                // the last line of an unterminated file has no line end to count
                bytes += Content.lineBytes(values) - (content.unterminated() && !rows.hasNext() ? 1 : 0);
                return Optional.of(new SourceRecord(++line, values));
            }

            @Override
            public long bytesRead() {
                return bytes;
            }

            @Override
            public FileState state() {
                Content now = files.get(key);
                if (now == null) {
                    return new FileState.Gone();
                }
                return FileState.compare(file, now.size(), now.modifiedAt());
            }

            @Override
            public List<ReadNotice> notices() {
                return ended && content.unterminated() && line > 1 ? List.of(new ReadNotice.UnterminatedLastLine(line))
                        : List.of();
            }

            @Override
            public void close() {
            }
        };
    }
}
