package dev.extaudiences.app.source;

import dev.extaudiences.adapter.csv.FastCsvDecoder;
import dev.extaudiences.adapter.files.DirectoryLandingZone;
import dev.extaudiences.adapter.files.DirectoryStorage;
import dev.extaudiences.core.port.out.SourceFiles;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.Connection;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceCheck;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The source files the server reads by default, as it wires them: landing zone and directories, read as CSV. */
final class LocalSourceFiles implements SourceFiles {

    private final DirectoryLandingZone landing;
    private final StoredSourceFiles files;

    LocalSourceFiles(Path landing, Map<ConnectionId, Path> directories) {
        this.landing = new DirectoryLandingZone(landing);
        List<StoredSourceFiles.Connected> storages = directories.entrySet().stream()
                .map(entry -> new StoredSourceFiles.Connected(new Connection(entry.getKey(), CloudType.S3),
                        DirectoryStorage.of(entry.getValue()))).toList();
        this.files = new StoredSourceFiles(this.landing, storages, new FastCsvDecoder());
    }

    Path landingDirectory(TenantScope scope) {
        return landing.directory(scope);
    }

    @Override
    public SourceCheck check(TenantScope scope, SourceSpec spec) {
        return files.check(scope, spec);
    }

    @Override
    public List<SourceFile> list(TenantScope scope, SourceSpec spec) throws SourceException {
        return files.list(scope, spec);
    }

    @Override
    public RecordStream open(TenantScope scope, SourceSpec spec, SourceFile file) throws SourceException {
        return files.open(scope, spec, file);
    }
}
