package dev.extaudiences.core.port.out;

import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceCheck;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.List;

/** Reads the CSV files a source spec names, from wherever its cloud type and connection say they are. */
public interface SourceFiles {

    /** Whether this server can read the spec's source at all: checked when a run is started, before it is accepted. */
    SourceCheck check(TenantScope scope, SourceSpec spec);

    /** The files the spec names: the file itself, or every file directly inside the folder. */
    List<SourceFile> list(TenantScope scope, SourceSpec spec) throws SourceException;

    /** Opens one listed file as CSV rows (plain or gzip-compressed); the caller closes it. */
    RecordStream open(TenantScope scope, SourceSpec spec, SourceFile file) throws SourceException;

    /** A server that reads no source at all: every run is refused as not available. */
    static SourceFiles none() {
        return new SourceFiles() {
            @Override
            public SourceCheck check(TenantScope scope, SourceSpec spec) {
                return new SourceCheck.Unavailable("no source files are configured in this server");
            }

            @Override
            public List<SourceFile> list(TenantScope scope, SourceSpec spec) throws SourceException {
                throw new SourceException(SourceException.Kind.STORAGE_FAILURE, "no source files are configured");
            }

            @Override
            public RecordStream open(TenantScope scope, SourceSpec spec, SourceFile file) throws SourceException {
                throw new SourceException(SourceException.Kind.STORAGE_FAILURE, "no source files are configured");
            }
        };
    }
}
