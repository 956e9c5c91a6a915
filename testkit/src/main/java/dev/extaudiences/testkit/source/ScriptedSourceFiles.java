package dev.extaudiences.testkit.source;

import dev.extaudiences.core.port.out.SourceFiles;
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
 * specified without any file system or CSV library. A path can also be made to fail like a broken storage.
 */
public final class ScriptedSourceFiles implements SourceFiles {

    private record Key(TenantScope scope, String path) {
    }

    private record Content(Instant modifiedAt, List<String> header, List<List<String>> rows) {
    }

    private final Map<Key, Content> files = new ConcurrentHashMap<>();
    private final Map<Key, String> brokenStorage = new ConcurrentHashMap<>();

    public ScriptedSourceFiles file(TenantScope scope, String path, Instant modifiedAt, List<String> header,
                                    List<List<String>> rows) {
        files.put(new Key(scope, path), new Content(modifiedAt, List.copyOf(header), List.copyOf(rows)));
        return this;
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
                found.add(new SourceFile(key.path(), content.modifiedAt(), 0));
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
        Iterator<List<String>> rows = content.rows().iterator();
        return new RecordStream() {
            private long line = 1;

            @Override
            public List<String> header() {
                return content.header();
            }

            @Override
            public Optional<SourceRecord> next() {
                if (!rows.hasNext()) {
                    return Optional.empty();
                }
                return Optional.of(new SourceRecord(++line, rows.next()));
            }

            @Override
            public void close() {
            }
        };
    }
}
