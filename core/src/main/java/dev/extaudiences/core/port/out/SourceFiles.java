package dev.extaudiences.core.port.out;

import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.tenant.TenantScope;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Reads the files a source spec names, from wherever its cloud type and connection say they are. */
public interface SourceFiles {

    /**
     * The files the spec names: the file itself, or every file directly inside the folder. A path that does not exist
     * or a storage that cannot be reached is an {@link IOException} with a reason a user can act on.
     */
    List<SourceFile> list(TenantScope scope, SourceSpec spec) throws IOException;

    /** Opens one listed file for reading; the caller closes it. */
    InputStream open(TenantScope scope, SourceSpec spec, SourceFile file) throws IOException;
}
